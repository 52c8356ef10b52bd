/**
 * A measuring client run inside a field link's namespace (`node --import tsx probe.ts '<json>'`):
 * prints one JSON line with what it saw. See probes.ts for the host-side servers and `runProbe`.
 */
import dgram from 'node:dgram';
import net from 'node:net';

export type ProbeRequest =
  | { kind: 'udp'; host: string; port: number; count: number; intervalMs: number; waitMs: number }
  | { kind: 'tcp'; host: string; port: number; count: number; waitMs: number }
  | { kind: 'download'; host: string; port: number; bytes: number; waitMs: number };

export interface ProbeResult {
  sent: number;
  /** Round trips (ms) of the probes answered, in order of sending; the download has none. */
  rtts: number[];
  connected: boolean;
  bytes: number;
  ms: number;
}

function udp(r: Extract<ProbeRequest, { kind: 'udp' }>): Promise<ProbeResult> {
  const socket = dgram.createSocket('udp4');
  const sentAt = new Map<number, number>();
  const rtts = new Map<number, number>();
  const started = Date.now();
  socket.on('message', (msg) => {
    const seq = msg.readUInt32BE(0);
    const at = sentAt.get(seq);
    if (at !== undefined && !rtts.has(seq)) rtts.set(seq, performance.now() - at);
  });
  return new Promise((resolve) => {
    let seq = 0;
    const send = (): void => {
      const buf = Buffer.alloc(64);
      buf.writeUInt32BE(seq);
      sentAt.set(seq, performance.now());
      socket.send(buf, r.port, r.host);
      if (++seq < r.count) setTimeout(send, r.intervalMs);
      else
        setTimeout(() => {
          socket.close();
          const ordered = [...sentAt.keys()].filter((s) => rtts.has(s)).map((s) => rtts.get(s)!);
          resolve({ sent: seq, rtts: ordered, connected: true, bytes: 0, ms: Date.now() - started });
        }, r.waitMs);
    };
    send();
  });
}

function tcp(r: Extract<ProbeRequest, { kind: 'tcp' }>): Promise<ProbeResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const rtts: number[] = [];
    let connected = false;
    let sent = 0;
    let at = 0;
    const socket = net.connect(r.port, r.host);
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ sent, rtts, connected, bytes: 0, ms: Date.now() - started });
    };
    const timer = setTimeout(done, r.waitMs);
    const next = (): void => {
      if (sent >= r.count) return done();
      sent++;
      at = performance.now();
      socket.write('x');
    };
    socket.on('connect', () => {
      connected = true;
      next();
    });
    socket.on('data', () => {
      rtts.push(performance.now() - at);
      next();
    });
    socket.on('error', done);
  });
}

function download(r: Extract<ProbeRequest, { kind: 'download' }>): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let bytes = 0;
    let connected = false;
    let askedAt = 0;
    const socket = net.connect(r.port, r.host);
    // From the request to the last byte: a bound from below on what the link's rate allows.
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ sent: 0, rtts: [], connected, bytes, ms: askedAt ? performance.now() - askedAt : 0 });
    };
    const timer = setTimeout(done, r.waitMs);
    socket.on('connect', () => {
      connected = true;
      askedAt = performance.now();
      socket.write(`${r.bytes}\n`);
    });
    socket.on('data', (chunk) => {
      bytes += chunk.length;
      if (bytes >= r.bytes) done();
    });
    socket.on('error', done);
    socket.on('end', done);
  });
}

export function probe(request: ProbeRequest): Promise<ProbeResult> {
  if (request.kind === 'udp') return udp(request);
  if (request.kind === 'tcp') return tcp(request);
  return download(request);
}

if (import.meta.filename === process.argv[1]) {
  const result = await probe(JSON.parse(process.argv[2] ?? '{}') as ProbeRequest);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
