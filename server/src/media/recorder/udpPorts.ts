import dgram from 'node:dgram';
import { readdir, readFile, readlink } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';

function bind(ip: string, port: number): Promise<dgram.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(undefined);
    });
    socket.bind(port, ip, () => resolve(socket));
  });
}

/**
 * `count` RTP ports on `ip` whose next port (RTCP) is free too, all different. They are free when
 * this returns, not reserved: whoever binds them next (ffmpeg) must handle losing a race.
 */
export async function freePortPairs(count: number, ip: string): Promise<number[]> {
  const held: dgram.Socket[] = [];
  const ports: number[] = [];
  try {
    for (let attempt = 0; ports.length < count && attempt < 50; attempt++) {
      const rtp = await bind(ip, 0);
      if (!rtp) continue;
      const port = (rtp.address() as AddressInfo).port;
      const rtcp = port < 65535 ? await bind(ip, port + 1) : undefined;
      held.push(rtp);
      if (!rtcp) continue;
      held.push(rtcp);
      ports.push(port);
    }
  } finally {
    for (const s of held) s.close();
  }
  if (ports.length < count) throw new Error(`no free UDP port pairs on ${ip}`);
  return ports;
}

/** Inodes of the UDP sockets bound to each local port, from /proc/net/udp (Linux). */
async function udpInodesByPort(): Promise<Map<number, Set<string>>> {
  const byPort = new Map<number, Set<string>>();
  const text = await readFile('/proc/net/udp', 'utf8');
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    const local = cols[1];
    const inode = cols[9];
    if (!local || !inode) continue;
    const port = parseInt(local.split(':')[1] ?? '', 16);
    let set = byPort.get(port);
    if (!set) byPort.set(port, (set = new Set()));
    set.add(inode);
  }
  return byPort;
}

/** Whether process `pid` holds a UDP socket on every one of `ports` (it is listening). */
export async function processHoldsUdpPorts(pid: number, ports: readonly number[]): Promise<boolean> {
  let links: string[];
  try {
    const fds = await readdir(`/proc/${pid}/fd`);
    links = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
  } catch {
    return false;
  }
  const owned = new Set(links.map((l) => /^socket:\[(\d+)\]$/.exec(l)?.[1]).filter((x) => x !== undefined));
  const byPort = await udpInodesByPort();
  return ports.every((port) => [...(byPort.get(port) ?? [])].some((inode) => owned.has(inode)));
}
