import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { PYTHON, requireTools, run, runSync, type Tools } from './commands.js';

/**
 * What a commune link does to the traffic of one client. Every field is optional in `set()`:
 * those given change, the others stay.
 */
export interface LinkSettings {
  /** Rate of each direction in kbit/s (tbf on the router's two ports); null: unshaped. */
  rateKbit?: number | null;
  /** Random loss of each direction, in percent (nftables numgen on the router). */
  lossPercent?: number;
  /** Delay added to each direction in ms (the TUN delay element): the round trip grows by twice this. */
  delayMs?: number;
  /** The client namespace's own firewall drops every UDP packet (in and out, loopback aside). */
  blockUdp?: boolean;
}

export type CutMode = 'drop' | 'down';

export interface LinkState extends Required<LinkSettings> {
  /** How the link is cut now, or null. */
  cut: CutMode | null;
}

export interface ShaperStats {
  /** Bytes and packets the tbf on that port sent, dropped (queue full) and held back (over the rate). */
  down: QdiscCounters;
  up: QdiscCounters;
}

export interface QdiscCounters {
  bytes: number;
  packets: number;
  drops: number;
  overlimits: number;
}

/** One impaired client: its namespace, the router namespace in front of it, and the veth pairs to the host. */
export interface FieldLink {
  readonly id: number;
  /** Network namespace of the client (Chromium, member phones): `ip netns exec <clientNs> …`. */
  readonly clientNs: string;
  /** Namespace of the router that shapes, drops and delays between the client and the host. */
  readonly routerNs: string;
  /** The host's address on this link: the server as seen from the client namespace. */
  readonly hostAddress: string;
  /** The client's own address (what the server sees as the client's address). */
  readonly clientAddress: string;
  readonly state: Readonly<LinkState>;
  /** Changes the link now (mid-test); resolves once every change is in effect. */
  set(settings: LinkSettings): Promise<void>;
  /** Cuts the link: 'drop' blackholes both directions silently, 'down' takes the router's uplink down. */
  cut(mode?: CutMode): Promise<void>;
  /** Ends a cut; the settings in force before it apply again. */
  restore(): Promise<void>;
  /** `base` (the test app's url, or a port) with its host replaced by `hostAddress`. */
  url(base: string | number, pathname?: string): string;
  /** An executable that runs Chromium inside the client namespace (for playwright's `executablePath`). */
  chromiumPath(): string;
  /** Spawns a command inside the client namespace; it is killed by `close()` if still running. */
  spawn(command: string, args: readonly string[], options?: SpawnOptions): ChildProcess;
  /** Spawns this Node binary inside the client namespace (e.g. `['--import', 'tsx', 'phone.ts']`). */
  spawnNode(args: readonly string[], options?: SpawnOptions): ChildProcess;
  /** Counters of the rate shapers (what went down to the client and up to the host). */
  shaperStats(): Promise<ShaperStats>;
  /** Removes everything the link created; also done when the process exits. */
  close(): Promise<void>;
}

const PREFIX = 'dcf';
const MAX_LINKS = 250;
/** Policy-routing table of the router that sends forwarded packets into the delay element. */
const DELAY_TABLE = '100';
const DELAY_DEVICE = 'dly';
/** The router's ports: towards the host (uplink) and towards the client (downlink). */
const UPLINK = 'host';
const DOWNLINK = 'client';
const CLIENT_DEVICE = 'eth0';
/** The most a shaped port queues before it drops, like a modem's buffer. */
const QUEUE_MS = 200;
const DELAY_ELEMENT = path.join(import.meta.dirname, 'delayElement.py');
const STATE_DIR = path.join(os.tmpdir(), 'diem-cau-field');

const names = (id: number) => ({
  routerNs: `${PREFIX}-${id}-r`,
  clientNs: `${PREFIX}-${id}-c`,
  hostDevice: `${PREFIX}${id}h`,
  ownerFile: path.join(STATE_DIR, `link-${id}.json`),
  dir: path.join(STATE_DIR, `link-${id}`),
});

/** 10.213.<id>.0/29: host .1 – router .2 on the host pair, router .5 – client .6 on the client pair. */
const addresses = (id: number) => ({
  host: `10.213.${id}.1`,
  routerUp: `10.213.${id}.2`,
  routerDown: `10.213.${id}.5`,
  client: `10.213.${id}.6`,
  clientNet: `10.213.${id}.4/30`,
});

const live = new Map<number, Link>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Synchronous removal of link `id` (exit handler, leftovers): kills what runs in its namespaces first. */
function removeSync(t: Tools, id: number): void {
  const n = names(id);
  for (const ns of [n.clientNs, n.routerNs]) {
    for (const pid of runSync(t.ip, ['netns', 'pids', ns]).split(/\s+/).filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  // Deleting the host end destroys the pair even if a namespace lingers.
  runSync(t.ip, ['link', 'del', n.hostDevice]);
  runSync(t.ip, ['netns', 'del', n.clientNs]);
  runSync(t.ip, ['netns', 'del', n.routerNs]);
  rmSync(n.dir, { recursive: true, force: true });
  rmSync(n.ownerFile, { force: true });
}

function ownerOf(id: number): number | undefined {
  try {
    return (JSON.parse(readFileSync(names(id).ownerFile, 'utf8')) as { pid: number }).pid;
  } catch {
    return undefined;
  }
}

/**
 * Removes what earlier runs left behind (a process killed before its cleanup ran): every link whose
 * owner process is gone. Links of processes still running are left alone. Returns the ids removed.
 */
export function removeLeftoverLinks(): number[] {
  const t = requireTools();
  const ids = new Set<number>();
  for (const line of runSync(t.ip, ['netns', 'list']).split('\n')) {
    const m = new RegExp(`^${PREFIX}-(\\d+)-[rc]\\b`).exec(line.trim());
    if (m) ids.add(Number(m[1]));
  }
  for (const line of runSync(t.ip, ['-o', 'link', 'show']).split('\n')) {
    const m = new RegExp(`^\\d+: ${PREFIX}(\\d+)h[@:]`).exec(line.trim());
    if (m) ids.add(Number(m[1]));
  }
  let files: string[] = [];
  try {
    files = readdirSync(STATE_DIR);
  } catch {
    // no state folder yet
  }
  for (const f of files) {
    const m = /^link-(\d+)(?:\.json)?$/.exec(f);
    if (m) ids.add(Number(m[1]));
  }
  const removed: number[] = [];
  for (const id of ids) {
    if (live.has(id)) continue;
    const owner = ownerOf(id);
    if (owner !== undefined && alive(owner)) continue;
    removeSync(t, id);
    removed.push(id);
  }
  return removed;
}

let exitHooked = false;

/** Links still open when the process ends (a failed test, an interrupted bench) are removed. */
function hookExit(t: Tools): void {
  if (exitHooked) return;
  exitHooked = true;
  const removeAll = (): void => {
    for (const id of live.keys()) removeSync(t, id);
    live.clear();
  };
  process.on('exit', removeAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      removeAll();
      // Default behaviour afterwards: the process ends by the same signal.
      process.kill(process.pid, signal);
    });
  }
}

/** Claims the first free link id: the owner file is created exclusively, before any namespace. */
function claimId(t: Tools): number {
  mkdirSync(STATE_DIR, { recursive: true });
  const existing = new Set(
    runSync(t.ip, ['netns', 'list'])
      .split('\n')
      .map((line) => line.trim().split(' ')[0]),
  );
  for (let id = 1; id <= MAX_LINKS; id++) {
    const n = names(id);
    if (existing.has(n.routerNs) || existing.has(n.clientNs)) continue;
    try {
      closeSync(openSync(n.ownerFile, 'wx'));
    } catch {
      continue;
    }
    writeFileSync(n.ownerFile, JSON.stringify({ pid: process.pid, createdAt: new Date().toISOString() }));
    return id;
  }
  throw new Error(`field harness: all ${MAX_LINKS} link ids are in use (see ${STATE_DIR})`);
}

function checkSettings(s: LinkSettings): void {
  const bad = (what: string): never => {
    throw new Error(`field harness: bad ${what}`);
  };
  if (s.rateKbit !== undefined && s.rateKbit !== null && !(Number.isInteger(s.rateKbit) && s.rateKbit >= 16))
    bad(`rateKbit ${s.rateKbit} (an integer ≥ 16, or null)`);
  if (s.lossPercent !== undefined && !(s.lossPercent >= 0 && s.lossPercent <= 100))
    bad(`lossPercent ${s.lossPercent} (0…100)`);
  if (s.delayMs !== undefined && !(s.delayMs >= 0 && s.delayMs <= 10_000)) bad(`delayMs ${s.delayMs} (0…10000)`);
}

class Link implements FieldLink {
  readonly clientNs: string;
  readonly routerNs: string;
  readonly hostAddress: string;
  readonly clientAddress: string;
  #state: LinkState = { rateKbit: null, lossPercent: 0, delayMs: 0, blockUdp: false, cut: null };
  #element: ChildProcess | undefined;
  #elementLines: Interface | undefined;
  #acks: (() => void)[] = [];
  #closed = false;
  readonly #t: Tools;

  constructor(
    readonly id: number,
    t: Tools,
  ) {
    this.#t = t;
    const n = names(id);
    this.clientNs = n.clientNs;
    this.routerNs = n.routerNs;
    this.hostAddress = addresses(id).host;
    this.clientAddress = addresses(id).client;
  }

  get state(): Readonly<LinkState> {
    return { ...this.#state };
  }

  async build(): Promise<void> {
    const { ip } = this.#t;
    const n = names(this.id);
    const a = addresses(this.id);
    const r = ['-n', this.routerNs];
    const c = ['-n', this.clientNs];
    const steps: string[][] = [
      ['netns', 'add', this.routerNs],
      ['netns', 'add', this.clientNs],
      ['link', 'add', n.hostDevice, 'type', 'veth', 'peer', 'name', UPLINK, 'netns', this.routerNs],
      [...r, 'link', 'add', DOWNLINK, 'type', 'veth', 'peer', 'name', CLIENT_DEVICE, 'netns', this.clientNs],
      ['addr', 'add', `${a.host}/30`, 'dev', n.hostDevice],
      ['link', 'set', n.hostDevice, 'up'],
      ['route', 'add', a.clientNet, 'via', a.routerUp, 'dev', n.hostDevice],
      [...r, 'addr', 'add', `${a.routerUp}/30`, 'dev', UPLINK],
      [...r, 'addr', 'add', `${a.routerDown}/30`, 'dev', DOWNLINK],
      [...r, 'link', 'set', 'lo', 'up'],
      [...r, 'link', 'set', UPLINK, 'up'],
      [...r, 'link', 'set', DOWNLINK, 'up'],
      [...r, 'route', 'add', 'default', 'via', a.host],
      [...c, 'addr', 'add', `${a.client}/30`, 'dev', CLIENT_DEVICE],
      [...c, 'link', 'set', 'lo', 'up'],
      [...c, 'link', 'set', CLIENT_DEVICE, 'up'],
      [...c, 'route', 'add', 'default', 'via', a.routerDown],
    ];
    for (const step of steps.slice(0, 4)) await run(ip, step);
    // No IPv6 on the link: a link-local address finishing its duplicate check seconds after the link
    // comes up is a "network change" to a Chromium already running, which aborts its page loads
    // (ERR_NETWORK_CHANGED). The harness only routes IPv4.
    const noIpv6 = { 'net/ipv6/conf/all/disable_ipv6': '1', 'net/ipv6/conf/default/disable_ipv6': '1' };
    await this.#sysctls(this.routerNs, noIpv6);
    await this.#sysctls(this.clientNs, noIpv6);
    writeFileSync(`/proc/sys/net/ipv6/conf/${n.hostDevice}/disable_ipv6`, '1');
    for (const step of steps.slice(4)) await run(ip, step);
    // The router forwards; packets written back by the delay element arrive on the TUN device with
    // foreign sources, so reverse-path filtering is off (before the device exists: it inherits "default").
    await this.#sysctls(this.routerNs, {
      'net/ipv4/ip_forward': '1',
      'net/ipv4/conf/all/rp_filter': '0',
      'net/ipv4/conf/default/rp_filter': '0',
    });
    // Every packet forwarded from either port goes through the delay element, then on by the main table.
    for (const step of [
      [...r, 'tuntap', 'add', 'dev', DELAY_DEVICE, 'mode', 'tun'],
      [...r, 'link', 'set', DELAY_DEVICE, 'up'],
      [...r, 'route', 'add', 'default', 'dev', DELAY_DEVICE, 'table', DELAY_TABLE],
      [...r, 'rule', 'add', 'iif', UPLINK, 'lookup', DELAY_TABLE],
      [...r, 'rule', 'add', 'iif', DOWNLINK, 'lookup', DELAY_TABLE],
    ])
      await run(ip, step);
    await this.#startDelayElement();
    mkdirSync(n.dir, { recursive: true });
    const wrapper = path.join(n.dir, 'chromium');
    const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    writeFileSync(wrapper, `#!/bin/sh\nexec ${ip} netns exec ${this.clientNs} ${chromium} "$@"\n`);
    chmodSync(wrapper, 0o755);
    await this.#applyFirewalls();
  }

  async #sysctls(ns: string, values: Record<string, string>): Promise<void> {
    const script = Object.entries(values)
      .map(([key, value]) => `echo ${value} > /proc/sys/${key}`)
      .join(' && ');
    await run(this.#t.ip, ['netns', 'exec', ns, 'sh', '-c', script]);
  }

  #startDelayElement(): Promise<void> {
    const child = spawn(
      this.#t.ip,
      ['netns', 'exec', this.routerNs, PYTHON, DELAY_ELEMENT, DELAY_DEVICE, String(this.#state.delayMs)],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    this.#element = child;
    child.stdin!.on('error', () => undefined);
    const lines = createInterface({ input: child.stdout! });
    this.#elementLines = lines;
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`field harness: delay element exited (${code})`));
      child.once('exit', onExit);
      child.once('error', reject);
      lines.on('line', (line) => {
        if (line === 'ready') {
          child.off('exit', onExit);
          resolve();
        } else if (line === 'ok') this.#acks.shift()?.();
      });
    });
  }

  #setDelay(ms: number): Promise<void> {
    const element = this.#element;
    if (!element?.stdin || element.exitCode !== null)
      throw new Error('field harness: the delay element is not running');
    return new Promise((resolve) => {
      this.#acks.push(resolve);
      element.stdin!.write(`${ms}\n`);
    });
  }

  async #shape(device: string, rateKbit: number | null): Promise<void> {
    const { tc } = this.#t;
    if (rateKbit === null) {
      await run(tc, ['-n', this.routerNs, 'qdisc', 'del', 'dev', device, 'root'], { ignoreFailure: true });
      return;
    }
    const bytesPerSecond = rateKbit * 125;
    // Burst: two full packets at least, or 20 ms at the rate.
    const burst = Math.max(3028, Math.round(bytesPerSecond * 0.02));
    await run(tc, [
      ...['-n', this.routerNs, 'qdisc', 'replace', 'dev', device, 'root', 'tbf'],
      ...['rate', `${rateKbit}kbit`, 'burst', String(burst), 'latency', `${QUEUE_MS}ms`],
    ]);
  }

  /** Rewrites both namespaces' tables from the state, each in one nft transaction. */
  async #applyFirewalls(): Promise<void> {
    const { ip, nft } = this.#t;
    const s = this.#state;
    // Only the last hop of each direction (out of a port, not into the delay element) is matched, so a
    // packet meets the loss once.
    const ports = `oifname { "${UPLINK}", "${DOWNLINK}" }`;
    const router = [
      'table inet field',
      'delete table inet field',
      'table inet field {',
      '  chain forward {',
      '    type filter hook forward priority 0; policy accept;',
      ...(s.cut === 'drop' ? [`    ${ports} drop`] : []),
      ...(s.lossPercent > 0 ? [`    ${ports} numgen random mod 10000 < ${Math.round(s.lossPercent * 100)} drop`] : []),
      '  }',
      '}',
    ];
    await run(ip, ['netns', 'exec', this.routerNs, nft, '-f', '-'], { input: `${router.join('\n')}\n` });
    const client = ['table inet field', 'delete table inet field'];
    if (s.blockUdp) {
      client.push(
        'table inet field {',
        '  chain input { type filter hook input priority 0; policy accept; iifname "lo" accept; meta l4proto udp drop; }',
        '  chain output { type filter hook output priority 0; policy accept; oifname "lo" accept; meta l4proto udp drop; }',
        '}',
      );
    }
    await run(ip, ['netns', 'exec', this.clientNs, nft, '-f', '-'], { input: `${client.join('\n')}\n` });
  }

  #requireOpen(): void {
    if (this.#closed) throw new Error(`field harness: link ${this.id} is closed`);
  }

  async set(settings: LinkSettings): Promise<void> {
    this.#requireOpen();
    checkSettings(settings);
    const before = this.#state;
    const next: LinkState = {
      ...before,
      ...Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)),
    } as LinkState;
    this.#state = next;
    if (next.rateKbit !== before.rateKbit) {
      await this.#shape(DOWNLINK, next.rateKbit);
      await this.#shape(UPLINK, next.rateKbit);
    }
    if (next.delayMs !== before.delayMs) await this.#setDelay(next.delayMs);
    if (next.lossPercent !== before.lossPercent || next.blockUdp !== before.blockUdp) await this.#applyFirewalls();
  }

  async cut(mode: CutMode = 'drop'): Promise<void> {
    this.#requireOpen();
    if (this.#state.cut) await this.restore();
    this.#state = { ...this.#state, cut: mode };
    if (mode === 'drop') await this.#applyFirewalls();
    else await run(this.#t.ip, ['-n', this.routerNs, 'link', 'set', UPLINK, 'down']);
  }

  async restore(): Promise<void> {
    this.#requireOpen();
    const mode = this.#state.cut;
    this.#state = { ...this.#state, cut: null };
    if (mode === 'drop') await this.#applyFirewalls();
    if (mode === 'down') {
      const { ip } = this.#t;
      await run(ip, ['-n', this.routerNs, 'link', 'set', UPLINK, 'up']);
      // The default route went with the port.
      await run(ip, ['-n', this.routerNs, 'route', 'replace', 'default', 'via', addresses(this.id).host]);
    }
  }

  url(base: string | number, pathname = ''): string {
    const u = typeof base === 'number' ? new URL(`http://${this.hostAddress}:${base}`) : new URL(base);
    u.hostname = this.hostAddress;
    return `${u.origin}${pathname}`;
  }

  chromiumPath(): string {
    return path.join(names(this.id).dir, 'chromium');
  }

  spawn(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    this.#requireOpen();
    return spawn(this.#t.ip, ['netns', 'exec', this.clientNs, command, ...args], options);
  }

  spawnNode(args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    return this.spawn(process.execPath, args, options);
  }

  async shaperStats(): Promise<ShaperStats> {
    const read = async (device: string): Promise<QdiscCounters> => {
      const out = await run(this.#t.tc, ['-n', this.routerNs, '-s', '-j', 'qdisc', 'show', 'dev', device]);
      const root = (JSON.parse(out) as Record<string, unknown>[]).find((q) => q.root === true) ?? {};
      const num = (k: string): number => (typeof root[k] === 'number' ? (root[k] as number) : 0);
      return { bytes: num('bytes'), packets: num('packets'), drops: num('drops'), overlimits: num('overlimits') };
    };
    return { down: await read(DOWNLINK), up: await read(UPLINK) };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const element = this.#element;
    if (element && element.exitCode === null) {
      const exited = new Promise<void>((resolve) => element.once('exit', () => resolve()));
      element.stdin?.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000))]);
    }
    this.#elementLines?.close();
    removeSync(this.#t, this.id);
    live.delete(this.id);
  }
}

/**
 * Opens one impaired client link: client namespace ⇄ router namespace (shaping, loss, delay) ⇄ host.
 * Open links before starting the test app: a wildcard listen address announces the addresses that
 * exist when the app starts, among them `hostAddress`.
 */
export async function openFieldLink(settings: LinkSettings = {}): Promise<FieldLink> {
  const t = requireTools();
  checkSettings(settings);
  removeLeftoverLinks();
  hookExit(t);
  const id = claimId(t);
  const link = new Link(id, t);
  live.set(id, link);
  try {
    await link.build();
    await link.set(settings);
  } catch (error) {
    await link.close();
    throw error;
  }
  return link;
}
