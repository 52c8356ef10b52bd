import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@diem-cau/shared';
import { connectSocket, emitRaw } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

describe('Socket.IO handshake and request validation', () => {
  let t: TestApp;
  let hostToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    hostToken = await t.app.tokens.sign({ subject: 'host-1', role: 'host' });
  });
  afterAll(async () => t?.close());

  it('refuses a wrong protocol version with PROTOCOL_MISMATCH', async () => {
    const error = await connectSocket(t.url, { token: hostToken, protocolVersion: PROTOCOL_VERSION + 1 }).catch(
      (e: unknown) => e,
    );
    expect((error as { data?: { code: string } }).data?.code).toBe('PROTOCOL_MISMATCH');
  });

  it('refuses a token signed with another secret with UNAUTHENTICATED', async () => {
    const [header, payload] = hostToken.split('.');
    const forged = `${header}.${payload}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
    const error = await connectSocket(t.url, { token: forged }).catch((e: unknown) => e);
    expect((error as { data?: { code: string } }).data?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token with UNAUTHENTICATED', async () => {
    const expired = await t.app.tokens.sign({ subject: 'host-1', role: 'host' }, -10);
    const error = await connectSocket(t.url, { token: expired }).catch((e: unknown) => e);
    expect((error as { data?: { code: string; message: string } }).data).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'Token expired',
    });
  });

  it('refuses a handshake without auth with BAD_REQUEST', async () => {
    const error = await connectSocket(t.url, { token: '' }).catch((e: unknown) => e);
    expect((error as { data?: { code: string } }).data?.code).toBe('BAD_REQUEST');
  });

  it('accepts a valid token and answers typed requests', async () => {
    const socket = await connectSocket(t.url, { token: hostToken });
    try {
      const who = await socket.emitWithAck('system:whoami', {});
      expect(who).toEqual({ ok: true, data: { subject: 'host-1', role: 'host' } });
      const before = Date.now();
      const time = await socket.emitWithAck('system:time', { clientTime: before });
      expect(time.ok).toBe(true);
      if (time.ok) expect(time.data.serverTime).toBeGreaterThanOrEqual(before);
    } finally {
      socket.close();
    }
  });

  it('answers malformed payloads and unknown events with BAD_REQUEST, and keeps the connection', async () => {
    const socket = await connectSocket(t.url, { token: hostToken });
    try {
      const malformed = await emitRaw(socket, 'system:time', { clientTime: 'yesterday' });
      expect(malformed).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      if (!malformed.ok) expect(malformed.error.details?.[0]?.path).toBe('clientTime');
      const extraField = await emitRaw(socket, 'system:whoami', { admin: true });
      expect(extraField).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      const missing = await emitRaw(socket, 'system:time');
      expect(missing).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      const unknown = await emitRaw(socket, 'session:destroyEverything', {});
      expect(unknown).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(socket.connected).toBe(true);
      const still = await socket.emitWithAck('system:whoami', {});
      expect(still.ok).toBe(true);
    } finally {
      socket.close();
    }
  });
});
