import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DemoCredentials } from './demoSeed.js';

const FILE = 'demo-credentials.json';

/**
 * The demo's sign-in details are kept beside the store (owner-only file) so the start banner can
 * show them again after a restart: they belong to synthetic demo data only. The store itself keeps
 * hashes, as for every real credential; delete the file to stop the banner showing them.
 */
export function saveDemoCredentials(dataDir: string, c: DemoCredentials): void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, FILE);
  writeFileSync(file, JSON.stringify(c, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function readDemoCredentials(dataDir: string): DemoCredentials | undefined {
  const file = path.join(dataDir, FILE);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials;
  } catch {
    return undefined;
  }
}

export interface BannerInput {
  /** Where this machine's browser opens the platform (localhost). */
  localUrl: string;
  /** Where browsers on the LAN open it (one per announced address). */
  lanUrls: string[];
  rtcAnnounced: string[];
  tls: { kind: 'files' | 'self-signed'; fingerprint: string } | undefined;
  demo: DemoCredentials | undefined;
}

/** The start banner: where to open the platform, how media is announced, and the demo's way in. */
export function formatStartBanner(b: BannerInput): string {
  const lines = ['', '════════ Điểm Cầu ════════', `Mở trên máy này / open on this machine:   ${b.localUrl}`];
  for (const url of b.lanUrls) lines.push(`Mở từ máy khác / open from the LAN:       ${url}`);
  lines.push(`WebRTC media announced on: ${b.rtcAnnounced.join(', ')}  (set RTC_ANNOUNCED_IP for a public address)`);
  if (b.tls) {
    lines.push(`HTTPS certificate (${b.tls.kind}) SHA-256: ${b.tls.fingerprint}`);
    if (b.tls.kind === 'self-signed')
      lines.push('  Browsers warn once about this self-signed certificate; compare the fingerprint, then accept it.');
  } else if (b.lanUrls.length > 0) {
    lines.push(
      '  Plain HTTP: camera and microphone work only on localhost. For a host studio or an endpoint given the floor on another machine, start with TLS_SELF_SIGNED=true.',
    );
  }
  const c = b.demo;
  if (c) {
    const base = b.lanUrls[0] ?? b.localUrl;
    lines.push(
      '',
      `— Tỉnh trình diễn / demo province (synthetic data): ${c.counts.districts} districts, ${c.counts.communes} communes, ${c.counts.members} synthetic members (not real people)`,
      `Admin  ${b.localUrl}/admin   username "${c.admin.username}"  password "${c.admin.password}"`,
      `Host   ${b.localUrl}/host?session=${c.sessionId}   username "${c.host.username}"  password "${c.host.password}"`,
      'Endpoint TVs: open each pairing link once on the TV; it waits on standby and joins when the host starts:',
      ...c.endpointKeys.map((e) => `  ${e.name}: ${base}/endpoint/pair#key=${e.key}`),
      `Members on a phone: ${base}/member   (member number / PIN)`,
      ...c.memberPins.map((m) => `  ${m.memberNumber}  PIN ${m.pin}   ${m.fullName} (synthetic)`),
      'More PIN slips and endpoint sheets: /admin → Tổ chức (organisation).',
    );
  }
  lines.push('══════════════════════════', '');
  return lines.join('\n');
}
