import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';

/** Debian's Python 3 (not a pyenv shim on PATH): the delay element needs only its standard library. */
export const PYTHON = '/usr/bin/python3';

const SBIN = ['/usr/sbin', '/sbin', '/usr/bin', '/bin'];

function findTool(name: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(':').filter(Boolean), ...SBIN]) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

export interface Tools {
  ip: string;
  tc: string;
  nft: string;
}

let tools: Tools | undefined;

/**
 * The tools the harness needs, or an error that says what is missing. Namespaces, veth pairs,
 * qdiscs and nftables rules need root; the packages come from `infra/setup.sh --with-browser`.
 */
export function requireTools(): Tools {
  if (tools) return tools;
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('root (network namespaces and qdiscs need CAP_NET_ADMIN)');
  const ip = findTool('ip');
  const tc = findTool('tc');
  const nft = findTool('nft');
  if (!ip || !tc) missing.push('iproute2 (ip, tc)');
  if (!nft) missing.push('nftables (nft)');
  if (!existsSync(PYTHON)) missing.push(`python3 (${PYTHON}, for the delay element)`);
  if (!existsSync('/dev/net/tun')) missing.push('/dev/net/tun (TUN devices, for the delay element)');
  if (missing.length > 0 || !ip || !tc || !nft) {
    throw new Error(`field harness: missing ${missing.join(', ')}; run \`bash infra/setup.sh --with-browser\` as root`);
  }
  tools = { ip, tc, nft };
  return tools;
}

/** Runs a command to its end; rejects with its stderr unless `ignoreFailure`. */
export function run(
  command: string,
  args: readonly string[],
  options: { input?: string; ignoreFailure?: boolean } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 || options.ignoreFailure) resolve(stdout);
      else reject(new Error(`${path.basename(command)} ${args.join(' ')}: exit ${code}: ${stderr.trim()}`));
    });
    if (child.stdin) {
      // A command that fails before reading its input must not become an unhandled EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

/** The synchronous form, for cleanup in a process 'exit' handler; never throws. */
export function runSync(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}
