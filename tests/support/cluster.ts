import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { DemoCredentials } from '@diem-cau/server/src/demo/demoSeed.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ClusterNode {
  name: string;
  /** Its own loopback address, bypassing the balancer. */
  url: string;
  pid: number;
}

/** What `npm run start:cluster` started, as the test found it (pid files in DATA_DIR/run). */
export interface Cluster {
  /** HAProxy's address. */
  url: string;
  nodes: ClusterNode[];
  dataDir: string;
  demo: DemoCredentials;
  /** What the script printed so far (for a failure's message). */
  output(): string;
  /** HAProxy's view of the `rest` backend: node name → UP, DOWN… (its admin socket, `show stat`). */
  serverStates(): Promise<Record<string, string>>;
  /** The cluster's private Redis, stopped and started again on its port and folder (infra/redis.sh). */
  redis: { stop(): void; start(): void };
  /** SIGTERM to the script (its own Ctrl-C path), then whatever is left is killed; removes the data folder. */
  stop(): Promise<void>;
}

async function portIsFree(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A first port whose next `count - 1` ports are free too (the script numbers its nodes from it). */
async function freePortRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = 20_000 + Math.floor(Math.random() * 20_000);
    let free = true;
    for (let i = 0; i < count && free; i++) free = await portIsFree(first + i);
    if (free) return first;
  }
  throw new Error('no run of free ports found');
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `show stat` on HAProxy's admin socket: the status column of each server of `backend`. */
function showStat(socketPath: string, backend: string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = net.createConnection(socketPath, () => socket.end('show stat\n'));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [header = '', ...rows] = text.trim().split('\n');
      const columns = header.replace(/^# /, '').split(',');
      const [px, sv, st] = ['pxname', 'svname', 'status'].map((c) => columns.indexOf(c));
      const states: Record<string, string> = {};
      for (const row of rows) {
        const cells = row.split(',');
        if (cells[px!] === backend && !['FRONTEND', 'BACKEND'].includes(cells[sv!]!)) states[cells[sv!]!] = cells[st!]!;
      }
      resolve(states);
    });
  });
}

/**
 * Runs `bash infra/start-cluster.sh --nodes N` as a user does (`npm run start:cluster`), on ports and
 * a data folder of the test's own, and returns once it printed "[cluster] ready". Its private
 * PostgreSQL and Redis are its own too: the run's REDIS_URL and test store are not passed on.
 */
export async function startCluster(nodes: number, env: Record<string, string> = {}): Promise<Cluster> {
  // PostgreSQL runs as the `postgres` user when this runs as root: it must be able to enter the folder.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'diem-cau-cluster-'));
  chmodSync(dataDir, 0o711);
  const [balancerPort, firstNodePort, postgresPort, redisPort] = [
    await freePort(),
    await freePortRun(nodes),
    await freePort(),
    await freePort(),
  ];
  const rtcMin = 50_000 + Math.floor(Math.random() * 90) * 100;
  const inherited = { ...process.env };
  for (const name of ['REDIS_URL', 'DATABASE_URL', 'TEST_STORE', 'TEST_POSTGRES_URL', 'PORT', 'HOST', 'NODE_ENV'])
    delete inherited[name];
  const child = spawn('bash', [path.join(ROOT, 'infra/start-cluster.sh'), '--nodes', String(nodes)], {
    cwd: ROOT,
    // Its own process group: a failed test can end the script and everything it started at once.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...inherited,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(balancerPort),
      CLUSTER_NODE_PORT: String(firstNodePort),
      PRIVATE_POSTGRES_PORT: String(postgresPort),
      PRIVATE_REDIS_PORT: String(redisPort),
      POSTGRES_EPHEMERAL: '1',
      RTC_MIN_PORT: String(rtcMin),
      RTC_MAX_PORT: String(rtcMin + 99 * nodes),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ...env,
    },
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (output += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (output += s));

  const nodeList = (): ClusterNode[] =>
    Array.from({ length: nodes }, (_, i) => {
      const pidFile = path.join(dataDir, 'run', `node-${i + 1}.pid`);
      return {
        name: `node-${i + 1}`,
        url: `http://127.0.0.1:${firstNodePort + i}`,
        pid: existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0,
      };
    });
  const privateService = (name: 'redis' | 'postgres', action: 'start' | 'stop', port: number): void => {
    const script = path.join(ROOT, `infra/${name}.sh`);
    const run = spawnSync('bash', [script, action, String(port), path.join(dataDir, name)], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${name}.sh ${action} failed: ${run.stderr}`);
  };
  let known: ClusterNode[] = [];
  const haproxyPidFile = path.join(dataDir, 'run', 'haproxy-master.pid');
  let haproxyPid = 0;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid!, 'SIGTERM');
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 20_000);
      await exited(child);
      clearTimeout(timer);
    }
    // Whatever outlived the script (it was killed, or failed half-way): end it by its own pid.
    for (const pid of [haproxyPid, ...known.map((n) => n.pid)]) if (pid > 0 && alive(pid)) process.kill(pid, 'SIGKILL');
    privateService('redis', 'stop', redisPort);
    privateService('postgres', 'stop', postgresPort);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the cluster was not ready within 150 s')), 150_000);
      const check = (): void => {
        if (output.includes('[cluster] ready')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stderr!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`start-cluster.sh exited (${code}) before it was ready`));
      });
    });
    known = nodeList();
    haproxyPid = Number(readFileSync(haproxyPidFile, 'utf8'));
  } catch (error) {
    known = nodeList();
    await stop();
    throw new Error(`${(error as Error).message}:\n${output}`);
  }
  return {
    url: `http://127.0.0.1:${balancerPort}`,
    nodes: known,
    dataDir,
    demo: JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as DemoCredentials,
    output: () => output,
    serverStates: () => showStat(path.join(dataDir, 'run', 'haproxy.sock'), 'rest'),
    redis: {
      stop: () => privateService('redis', 'stop', redisPort),
      start: () => privateService('redis', 'start', redisPort),
    },
    stop,
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/**
 * One HTTP request from a chosen local address (127.0.0.2 is this machine too, but another client
 * address than the balancer's 127.0.0.1), so a test can tell the client's address from the proxy's.
 */
export function requestFrom(
  localAddress: string,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<RawResponse> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method ?? 'GET',
        localAddress,
        agent: false,
        headers: { ...options.headers, ...(payload !== undefined && { 'content-type': 'application/json' }) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const json = (res.headers['content-type'] ?? '').includes('application/json') && text.length > 0;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: json ? (JSON.parse(text) as unknown) : text,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Opens a bare engine.io WebSocket at `url` and returns the upgrade answer's headers (then closes it). */
export function websocketUpgradeHeaders(url: string): Promise<http.IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/socket.io/?EIO=4&transport=websocket`, {
      agent: false,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': Buffer.from('diem-cau-cluster').toString('base64'),
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.headers);
    });
    req.on('response', (res) => reject(new Error(`no upgrade: HTTP ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
}
