import { readFileSync } from 'node:fs';

export interface UdpCounters {
  inDatagrams: number;
  /** Datagrams the kernel dropped because a socket's receive buffer was full (all sockets). */
  rcvbufErrors: number;
}

/** Machine-wide UDP counters from /proc/net/snmp (Linux); zeros elsewhere. */
export function readUdpCounters(): UdpCounters {
  try {
    const lines = readFileSync('/proc/net/snmp', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('Udp:'));
    const names = lines[0]?.split(/\s+/) ?? [];
    const values = lines[1]?.split(/\s+/) ?? [];
    const get = (name: string): number => Number(values[names.indexOf(name)] ?? 0);
    return { inDatagrams: get('InDatagrams'), rcvbufErrors: get('RcvbufErrors') };
  } catch {
    return { inDatagrams: 0, rcvbufErrors: 0 };
  }
}

export interface CpuTicks {
  busy: number;
  total: number;
}

/** Machine-wide CPU ticks from /proc/stat (Linux): busy = everything but idle and iowait. */
export function readCpuTicks(): CpuTicks {
  try {
    const first = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const v = first.trim().split(/\s+/).slice(1).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** Busy share of the whole machine between two readings, in % of one core (2 cores busy = 200). */
export function machineBusyPercent(a: CpuTicks, b: CpuTicks, cores: number): number {
  const total = b.total - a.total;
  return total > 0 ? ((b.busy - a.busy) / total) * 100 * cores : 0;
}
