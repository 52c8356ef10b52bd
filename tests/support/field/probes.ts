import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import path from 'node:path';
import type { FieldLink } from './link.js';
import type { ProbeRequest, ProbeResult } from './probe.js';

const PROBE = path.join(import.meta.dirname, 'probe.ts');

/** Echo and byte-source servers on the host (root namespace, every address), for probing a link. */
export interface ProbeServers {
  udpPort: number;
  tcpPort: number;
  /** A TCP server that sends as many bytes as the first line it receives asks for. */
  sourcePort: number;
  close(): Promise<void>;
}

export async function startProbeServers(): Promise<ProbeServers> {
  const udp = dgram.createSocket('udp4');
  udp.on('message', (msg, from) => udp.send(msg, from.port, from.address));
  await new Promise<void>((resolve) => udp.bind(0, '0.0.0.0', resolve));
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const echo = net.createServer((socket) => {
    track(socket);
    socket.pipe(socket);
  });
  const source = net.createServer((socket) => {
    track(socket);
    let line = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      line += chunk;
      if (!line.includes('\n')) return;
      const total = Number(line.split('\n')[0]);
      const block = Buffer.alloc(16_384, 7);
      let sent = 0;
      const pump = (): void => {
        while (sent < total) {
          const n = Math.min(block.length, total - sent);
          sent += n;
          if (!socket.write(block.subarray(0, n))) return void socket.once('drain', pump);
        }
        socket.end();
      };
      pump();
    });
  });
  const listen = (server: net.Server): Promise<number> =>
    new Promise((resolve) => server.listen(0, '0.0.0.0', () => resolve((server.address() as AddressInfo).port)));
  const tcpPort = await listen(echo);
  const sourcePort = await listen(source);
  return {
    udpPort: (udp.address() as AddressInfo).port,
    tcpPort,
    sourcePort,
    async close() {
      udp.close();
      for (const s of sockets) s.destroy();
      await Promise.all([echo, source].map((s) => new Promise((r) => s.close(r))));
    },
  };
}

/** Runs probe.ts inside the link's client namespace and returns what it measured. */
export function runProbe(link: FieldLink, request: ProbeRequest): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const child = link.spawnNode(['--import', 'tsx', PROBE, JSON.stringify(request)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ProbeResult);
      else reject(new Error(`probe exited ${code}: ${err.trim()}`));
    });
  });
}
