import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openFieldLink,
  removeLeftoverLinks,
  runProbe,
  startProbeServers,
  type FieldLink,
  type ProbeServers,
} from '../support/field/index.js';

const namespaces = (): string[] =>
  execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(' ')[0]!)
    .filter(Boolean);
const hostDevices = (): string[] =>
  execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => /^\d+: ([^:@]+)/.exec(l)?.[1] ?? '')
    .filter(Boolean);

const DOOR = path.resolve(import.meta.dirname, '../support/field/index.ts');

/** A Node process that opens a link, prints it, then exits (`exit`) or waits to be killed (`wait`). */
function linkOwner(mode: 'exit' | 'wait'): Promise<{ id: number; clientNs: string; pid: number; done: Promise<void> }> {
  const code = [
    `import { openFieldLink } from ${JSON.stringify(DOOR)};`,
    'const link = await openFieldLink({ delayMs: 10 });',
    'console.log(JSON.stringify({ id: link.id, clientNs: link.clientNs }));',
    mode === 'exit' ? 'process.exit(0);' : 'setInterval(() => {}, 1000);',
  ].join('\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').once('data', (line: string) => {
      const { id, clientNs } = JSON.parse(line) as { id: number; clientNs: string };
      resolve({ id, clientNs, pid: child.pid!, done });
    });
    child.once('exit', (c) => reject(new Error(`link owner exited ${c} before opening its link`)));
  });
}

describe('field harness: a commune link in network namespaces (rate, loss, delay, UDP block, cut)', () => {
  let servers: ProbeServers;
  let link: FieldLink;
  const udp = (count = 10, intervalMs = 20) =>
    runProbe(link, { kind: 'udp', host: link.hostAddress, port: servers.udpPort, count, intervalMs, waitMs: 1_500 });
  const tcp = () =>
    runProbe(link, { kind: 'tcp', host: link.hostAddress, port: servers.tcpPort, count: 3, waitMs: 3_000 });

  beforeAll(async () => {
    servers = await startProbeServers();
    link = await openFieldLink();
  });
  afterAll(async () => {
    await link?.close();
    await servers?.close();
  });

  it('the client namespace reaches the host through the router, over UDP and TCP', async () => {
    expect(namespaces()).toEqual(expect.arrayContaining([link.clientNs, link.routerNs]));
    expect(link.url('http://127.0.0.1:3000', '/endpoint')).toBe(`http://${link.hostAddress}:3000/endpoint`);
    const u = await udp(5);
    expect(u.rtts).toHaveLength(5);
    const t = await tcp();
    expect(t.connected).toBe(true);
    expect(t.rtts).toHaveLength(3);
  });

  it('delay: every round trip takes at least twice the delay set, and a change mid-test takes effect', async () => {
    await link.set({ delayMs: 60 });
    const first = await udp(10);
    expect(first.rtts).toHaveLength(10);
    expect(Math.min(...first.rtts)).toBeGreaterThanOrEqual(120);
    await link.set({ delayMs: 150 });
    const second = await udp(10);
    expect(second.rtts).toHaveLength(10);
    expect(Math.min(...second.rtts)).toBeGreaterThanOrEqual(300);
    // TCP goes through the same element.
    const t = await tcp();
    expect(Math.min(...t.rtts)).toBeGreaterThanOrEqual(300);
    await link.set({ delayMs: 0 });
    expect(link.state.delayMs).toBe(0);
  });

  it('loss: a random share of the packets is dropped, none once the loss is set back to 0', async () => {
    await link.set({ lossPercent: 30 });
    const lossy = await udp(100, 5);
    expect(lossy.rtts.length).toBeGreaterThan(0);
    expect(lossy.rtts.length).toBeLessThan(100);
    await link.set({ lossPercent: 0 });
    expect((await udp(30, 5)).rtts).toHaveLength(30);
  });

  it('rate: the shaper holds a download back to the rate set (at least as long as the rate allows)', async () => {
    await link.set({ rateKbit: 800 });
    const bytes = 200_000;
    const download = await runProbe(link, {
      kind: 'download',
      host: link.hostAddress,
      port: servers.sourcePort,
      bytes,
      waitMs: 20_000,
    });
    expect(download.bytes).toBe(bytes);
    // 200 kB at 800 kbit/s is 2 s; the burst and the queue allow a little less.
    expect(download.ms).toBeGreaterThanOrEqual(0.8 * ((bytes * 8) / 800));
    const stats = await link.shaperStats();
    expect(stats.down.bytes).toBeGreaterThanOrEqual(bytes);
    expect(stats.down.overlimits).toBeGreaterThan(0);
    expect(stats.up.packets).toBeGreaterThan(0);
    await link.set({ rateKbit: null });
    expect((await link.shaperStats()).down.overlimits).toBe(0);
  });

  it('UDP blocked by the client namespace firewall: no UDP reply, TCP still answers; unblocked again', async () => {
    await link.set({ blockUdp: true });
    expect((await udp(10)).rtts).toHaveLength(0);
    const t = await tcp();
    expect(t.connected).toBe(true);
    expect(t.rtts).toHaveLength(3);
    await link.set({ blockUdp: false });
    expect((await udp(10)).rtts).toHaveLength(10);
  });

  it('cut (both ways silently, or the uplink down) and restore, keeping the settings in force', async () => {
    await link.set({ delayMs: 40 });
    for (const mode of ['drop', 'down'] as const) {
      await link.cut(mode);
      expect(link.state.cut).toBe(mode);
      expect((await udp(10)).rtts).toHaveLength(0);
      expect((await tcp()).rtts).toHaveLength(0);
      await link.restore();
      const back = await udp(10);
      expect(back.rtts).toHaveLength(10);
      expect(Math.min(...back.rtts)).toBeGreaterThanOrEqual(80);
    }
    await link.set({ delayMs: 0 });
  });

  it('refuses settings it cannot apply', async () => {
    await expect(link.set({ rateKbit: 5 })).rejects.toThrow(/rateKbit/);
    await expect(link.set({ lossPercent: 120 })).rejects.toThrow(/lossPercent/);
    await expect(openFieldLink({ delayMs: -1 })).rejects.toThrow(/delayMs/);
  });

  it('several links at once, each its own addresses; close() removes namespaces and devices', async () => {
    const second = await openFieldLink({ delayMs: 30 });
    try {
      expect(second.id).not.toBe(link.id);
      expect(second.hostAddress).not.toBe(link.hostAddress);
      const reply = await runProbe(second, {
        kind: 'udp',
        host: second.hostAddress,
        port: servers.udpPort,
        count: 3,
        intervalMs: 20,
        waitMs: 1_000,
      });
      expect(Math.min(...reply.rtts)).toBeGreaterThanOrEqual(60);
      expect((await udp(3)).rtts).toHaveLength(3);
    } finally {
      await second.close();
    }
    expect(namespaces()).not.toContain(second.clientNs);
    expect(namespaces()).not.toContain(second.routerNs);
    expect(hostDevices()).not.toContain(`dcf${second.id}h`);
    expect(namespaces()).toContain(link.clientNs);
  });

  it('a process that exits without closing its link leaves nothing; one killed leaves leftovers that the next open removes', async () => {
    const exited = await linkOwner('exit');
    await exited.done;
    expect(namespaces()).not.toContain(exited.clientNs);

    const killed = await linkOwner('wait');
    process.kill(killed.pid, 'SIGKILL');
    await killed.done;
    expect(namespaces()).toContain(killed.clientNs);
    expect(removeLeftoverLinks()).toContain(killed.id);
    expect(namespaces()).not.toContain(killed.clientNs);
    expect(hostDevices()).not.toContain(`dcf${killed.id}h`);
    // The link of this (live) process was left alone.
    expect(namespaces()).toContain(link.clientNs);
  });
});
