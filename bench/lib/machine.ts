import { createRequire } from 'node:module';
import os from 'node:os';

const require = createRequire(import.meta.url);

function versionOf(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  totalMemoryGiB: number;
  platform: string;
  versions: { node: string; mediasoup: string; socketIo: string; socketIoClient: string };
}

/** The machine and the versions a figure was measured with, stored beside every result. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    versions: {
      node: process.version,
      mediasoup: versionOf('mediasoup'),
      socketIo: versionOf('socket.io'),
      socketIoClient: versionOf('socket.io-client'),
    },
  };
}
