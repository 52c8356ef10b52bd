import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import selfsigned from 'selfsigned';
import { machineAddresses } from '../../media/announcedAddresses.js';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 fingerprint, as a browser shows it, for the operator to compare. */
  fingerprint: string;
  names: string[];
  generated: boolean;
}

/** The names a LAN browser may use to reach this machine: localhost, its host name and its addresses. */
export function machineNames(hostname = os.hostname(), addresses = machineAddresses()): string[] {
  return [...new Set(['localhost', hostname, '127.0.0.1', ...addresses].filter(Boolean))];
}

/**
 * The LAN certificate (TLS_SELF_SIGNED=true): generated once into DATA_DIR/tls for the machine's
 * names and addresses, and generated again only when a name or address it lacks appears (a new
 * DHCP lease), so browsers that accepted it keep trusting it across restarts.
 */
export async function loadOrCreateSelfSigned(dataDir: string, names = machineNames()): Promise<TlsMaterial> {
  const dir = path.join(dataDir, 'tls');
  const certFile = path.join(dir, 'self-signed-cert.pem');
  const keyFile = path.join(dir, 'self-signed-key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, 'utf8');
    const x509 = new X509Certificate(cert);
    const covered = names.every((n) => x509.checkHost(n) !== undefined || x509.checkIP(n) !== undefined);
    if (covered && new Date(x509.validTo).getTime() > Date.now() + 86_400_000) {
      return { cert, key: readFileSync(keyFile, 'utf8'), fingerprint: x509.fingerprint256, names, generated: false };
    }
  }
  const isIp = (n: string) => /^\d+\.\d+\.\d+\.\d+$/.test(n) || n.includes(':');
  const notBefore = new Date(Date.now() - 3600_000);
  const notAfter = new Date(notBefore.getTime() + 825 * 86_400_000); // browsers refuse longer leaf certificates
  const pems = await selfsigned.generate([{ name: 'commonName', value: `Điểm Cầu ${os.hostname()}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((n) => (isIp(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
    ],
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  writeFileSync(certFile, pems.cert, { mode: 0o644 });
  return {
    cert: pems.cert,
    key: pems.private,
    fingerprint: new X509Certificate(pems.cert).fingerprint256,
    names,
    generated: true,
  };
}
