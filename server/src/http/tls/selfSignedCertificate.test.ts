import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateSelfSigned } from './selfSignedCertificate.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('self-signed LAN certificate', () => {
  it('covers the names and addresses, is kept, and is renewed when a new address appears', async () => {
    const first = await loadOrCreateSelfSigned(dir, ['localhost', 'hall-pc', '127.0.0.1', '192.168.1.20']);
    expect(first.generated).toBe(true);
    const x509 = new X509Certificate(first.cert);
    expect(x509.checkIP('192.168.1.20')).toBe('192.168.1.20');
    expect(x509.checkHost('hall-pc')).toBe('hall-pc');
    expect(first.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

    const again = await loadOrCreateSelfSigned(dir, ['localhost', '192.168.1.20']);
    expect(again.generated).toBe(false);
    expect(again.fingerprint).toBe(first.fingerprint);

    const moved = await loadOrCreateSelfSigned(dir, ['localhost', '10.0.0.7']);
    expect(moved.generated).toBe(true);
    expect(new X509Certificate(moved.cert).checkIP('10.0.0.7')).toBe('10.0.0.7');
  });
});
