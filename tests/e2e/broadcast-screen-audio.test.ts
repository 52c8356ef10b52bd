import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { broadcastDomain } from '@diem-cau/server/src/domain/broadcast/index.js';
import type { BroadcastFixture } from '../support/broadcastFixture.js';
import {
  HOST_CAMERA,
  SCREEN,
  expectDecoding,
  hostGoesLive,
  mediaStats,
  newPage,
  openEndpoint,
  statsAfter,
  startBroadcastStage,
  type BroadcastStage,
} from '../support/broadcastPages.js';
import type { TestApp } from '../support/testApp.js';

describe('screen share and audio only in Chromium: one host, one endpoint', () => {
  let stage: BroadcastStage;
  let t: TestApp;
  let fx: BroadcastFixture;
  let browser: Browser;
  let contexts: BrowserContext[];
  let host: Page;
  let endpoint: Page;

  beforeAll(async () => {
    stage = await startBroadcastStage(1);
    ({ t, fx, browser, contexts } = stage);
  });
  afterAll(async () => stage?.close());

  it('the host goes live and the endpoint decodes its camera', async () => {
    host = await newPage(browser, contexts);
    await hostGoesLive(host, t.url, fx);
    endpoint = await newPage(browser, contexts);
    await openEndpoint(endpoint, t.url, fx, fx.endpoints[0]!);
    await expectDecoding(endpoint, HOST_CAMERA);
  });

  it('the host shares its screen: the endpoint shows the slides large and the speaker small; stopping removes it', async () => {
    await host.getByTestId('share-screen').click();
    await expect
      .poll(() => host.getByTestId('share-screen').getAttribute('aria-pressed'), { timeout: 10_000 })
      .toBe('true');
    const room = broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId)!;
    expect(room.producers().filter((p) => p.source === 'screen' && p.kind === 'video')).toHaveLength(1);

    await expectDecoding(endpoint, `${SCREEN}.tv__screen`);
    // The speaker keeps playing, in the corner.
    await expectDecoding(endpoint, `${HOST_CAMERA}.tv__pip`);

    await host.getByTestId('share-screen').click();
    await expect.poll(() => endpoint.locator(SCREEN).count(), { timeout: 10_000 }).toBe(0);
    expect(room.producers().filter((p) => p.source === 'screen')).toHaveLength(0);
    // The speaker is full-size again.
    await expectDecoding(endpoint, `${HOST_CAMERA}.tv__speaker`);
  });

  it('audio only from the options panel: video frames stop while audio keeps arriving, and come back', async () => {
    await endpoint.getByTestId('open-options').click();
    await endpoint.getByTestId('audio-only-toggle').check();
    await endpoint.getByTestId('audio-only-note').waitFor();
    await endpoint.getByRole('button', { name: 'Đóng' }).click();
    expect(await endpoint.locator('video').count()).toBe(0);
    await endpoint.getByTestId('audio-only-stage').waitFor();
    const room = broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId)!;
    const peer = room.peers().find((p) => p.identity.subject === fx.endpoints[0]!.id)!;
    expect(peer.audioOnly).toBe(true);
    expect(
      [...peer.consumers.values()].filter((c) => c.consumer.kind === 'video').every((c) => c.consumer.paused),
    ).toBe(true);

    // A sample taken well after the switch (frames in flight are decoded by then), then two later ones.
    const switched = Date.now();
    const first = await statsAfter(endpoint, switched + 1_000);
    const second = await statsAfter(endpoint, first.at);
    const third = await statsAfter(endpoint, second.at);
    expect(third.frames).toBe(first.frames);
    expect(second.audioPackets).toBeGreaterThan(first.audioPackets);
    expect(third.audioPackets).toBeGreaterThan(second.audioPackets);

    // Back to the picture with the keyboard shortcut (the control stays off the main view).
    await endpoint.keyboard.press('a');
    await expect.poll(() => endpoint.getByTestId('audio-only-note').count(), { timeout: 10_000 }).toBe(0);
    await expectDecoding(endpoint, HOST_CAMERA);
    const resumed = await statsAfter(endpoint, Date.now());
    expect(resumed.frames).toBeGreaterThan(third.frames);
    expect(peer.audioOnly).toBe(false);
    expect((await mediaStats(endpoint)).audioPackets).toBeGreaterThan(third.audioPackets);
  });
});
