import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/** Flags this machine needs for headless Chromium (closed network, root, no GPU). */
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Fake camera and microphone, for WebRTC tests. */
export const FAKE_MEDIA_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

/** Debian's Chromium through playwright-core; playwright gives each launch a fresh profile. */
export function launchChromium(extraArgs: string[] = [], options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...BASE_ARGS, ...extraArgs],
    ...options,
  });
}
