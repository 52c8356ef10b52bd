import { describe, expect, it } from 'vitest';
import { ConfigError, databaseUrlOf, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('runs on one machine with no environment at all', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6390');
    expect(config.media.numWorkers).toBeGreaterThan(0);
    expect(config.tls).toBeUndefined();
    expect(config.database.kind).toBe('sqlite');
    expect(config.database.kind === 'sqlite' && config.database.file.endsWith('diem-cau.sqlite')).toBe(true);
  });

  it('reads deployment settings', () => {
    const config = loadConfig({
      PORT: '8443',
      RTC_ANNOUNCED_IP: '203.0.113.10',
      MEDIASOUP_WORKERS: '4',
      TLS_CERT_FILE: '/c.pem',
      TLS_KEY_FILE: '/k.pem',
      DATABASE_URL: 'sqlite:/srv/dc.sqlite',
    });
    expect(config.port).toBe(8443);
    expect(config.media.announcedIp).toBe('203.0.113.10');
    expect(config.media.numWorkers).toBe(4);
    expect(config.tls).toEqual({ kind: 'files', certFile: '/c.pem', keyFile: '/k.pem' });
    expect(config.database).toEqual({ kind: 'sqlite', file: '/srv/dc.sqlite' });
  });

  it('reads a PostgreSQL store from DATABASE_URL and keeps a plain path a SQLite file', () => {
    for (const url of ['postgres://dc@db.example:5432/diemcau', 'postgresql://dc@db.example/diemcau'])
      expect(loadConfig({ DATABASE_URL: url }).database).toEqual({ kind: 'postgres', url });
    expect(loadConfig({ DATABASE_URL: '/srv/dc.sqlite' }).database).toEqual({ kind: 'sqlite', file: '/srv/dc.sqlite' });
    expect(databaseUrlOf(loadConfig({ DATABASE_URL: 'sqlite:/srv/dc.sqlite' }).database)).toBe('/srv/dc.sqlite');
  });

  it('turns the LAN certificate on with one switch', () => {
    expect(loadConfig({ TLS_SELF_SIGNED: 'true' }).tls).toEqual({ kind: 'self-signed' });
  });

  it('refuses invalid values with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ AUTH_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ TLS_CERT_FILE: '/c.pem' })).toThrow(/together/);
    expect(() => loadConfig({ TLS_SELF_SIGNED: 'true', TLS_CERT_FILE: '/c.pem', TLS_KEY_FILE: '/k.pem' })).toThrow(
      /exclude/,
    );
    expect(() => loadConfig({ RTC_MIN_PORT: '50000', RTC_MAX_PORT: '40000' })).toThrow(/RTC_MIN_PORT/);
  });

  it('keeps uploads under DATA_DIR with quotas and unpacking limits by default', () => {
    expect(loadConfig({ DATA_DIR: '/srv/diem-cau' }).uploads).toEqual({
      documentMaxBytes: 50 * 1024 * 1024,
      importMaxBytes: 10 * 1024 * 1024,
      tmpDir: '/srv/diem-cau/uploads-tmp',
      storageReserveBytes: 512 * 1024 * 1024,
      documentsPerSession: 50,
      documentBytesPerSession: 500 * 1024 * 1024,
      xlsxMaxUncompressedBytes: 100 * 1024 * 1024,
      xlsxMaxCompressionRatio: 200,
      orgImportMaxRows: 50_000,
      quizImportMaxQuestions: 500,
    });
    expect(loadConfig({ DATA_DIR: '/srv/diem-cau' }).files).toEqual({ dir: '/srv/diem-cau/files' });
    expect(loadConfig({ DATA_DIR: '/srv/diem-cau', FILES_DIR: '/mnt/shared/files' }).files).toEqual({
      dir: '/mnt/shared/files',
    });
    expect(() => loadConfig({ XLSX_MAX_COMPRESSION_RATIO: '5' })).toThrow(/XLSX_MAX_COMPRESSION_RATIO/);
    expect(() => loadConfig({ DOCUMENTS_PER_SESSION: '0' })).toThrow(/DOCUMENTS_PER_SESSION/);
  });
});
