import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '@diem-cau/shared';
import { accountService, authService } from '@diem-cau/server/src/domain/accounts/index.js';
import { broadcastDomain } from '@diem-cau/server/src/domain/broadcast/index.js';
import { orgAdminService } from '@diem-cau/server/src/domain/org/index.js';
import { createBroadcastFixture, type BroadcastFixture } from '../support/broadcastFixture.js';
import { waitFor } from '../support/http.js';
import { request } from '../support/mediaSignal.js';
import { api } from '../support/orgFixture.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'OK',
    (error: Error) => error.message,
  );
}

async function refusalOf(promise: Promise<unknown>): Promise<{ code?: string; message?: string } | undefined> {
  return promise.then(
    () => undefined,
    (error: { data?: { code: string; message: string } }) => error.data,
  );
}

function disconnected(socket: TestSocket): Promise<string> {
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

describe('authority is checked on every action, and a socket lives no longer than its right to', () => {
  let t: TestApp;
  let fx: BroadcastFixture;
  let adminToken: string;
  let otherHost: Identity;
  const sockets: TestSocket[] = [];

  async function connect(token: string, join = true): Promise<TestSocket> {
    const socket = await connectSocket(t.url, { token });
    sockets.push(socket);
    if (join) await request(socket, 'session:join', { sessionId: fx.sessionId });
    return socket;
  }

  async function staffAccount(role: 'admin' | 'host'): Promise<Identity> {
    const account = await accountService(t.app.ctx).create({
      username: `${role}-${randomUUID().slice(0, 8)}`,
      password: `pw-${randomUUID()}`,
      displayName: `${role} thử`,
      role,
    });
    return { subject: account.id, role, displayName: account.displayName };
  }

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createBroadcastFixture(t, 2);
    adminToken = await t.app.tokens.sign(await staffAccount('admin'));
    otherHost = await staffAccount('host');
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('a host replaced by an admin can no longer grant the floor, start a roll call or publish', async () => {
    const oldHost = await connect(fx.hostToken);
    await connect(fx.endpoints[0]!.token);
    const endpointId = fx.endpoints[0]!.id;
    expect(await codeOf(request(oldHost, 'floor:grant', { endpointId }))).toBe('OK');
    expect(await codeOf(request(oldHost, 'floor:revoke', {}))).toBe('OK');

    // The admin names another host while the session is scheduled, then starts it.
    const patched = await api<{ hostAccountId: string }>(
      t,
      'PATCH',
      `/sessions/${fx.sessionId}`,
      { hostAccountId: otherHost.subject },
      adminToken,
    );
    expect(patched).toMatchObject({ status: 200, body: { hostAccountId: otherHost.subject } });
    expect(await codeOf(request(oldHost, 'floor:grant', { endpointId }))).toBe('FORBIDDEN');
    expect(await codeOf(request(oldHost, 'floor:mute', { muted: true }))).toBe('FORBIDDEN');
    expect(await codeOf(request(oldHost, 'floor:revoke', {}))).toBe('FORBIDDEN');
    expect((await api(t, 'POST', `/sessions/${fx.sessionId}/start`, undefined, adminToken)).status).toBe(200);

    expect(await codeOf(request(oldHost, 'rollcall:start', { durationSeconds: 30 }))).toBe('FORBIDDEN');
    expect(await codeOf(request(oldHost, 'media:createTransport', { direction: 'send' }))).toBe('FORBIDDEN');
    expect((await broadcastDomain(t.app.ctx).floor.state(fx.sessionId)).holder).toBeNull();
    expect(
      await t.app.db.selectFrom('roll_calls').select('id').where('session_id', '=', fx.sessionId).execute(),
    ).toEqual([]);

    // The new host and the admin do what the old host may not.
    const newHost = await connect(await t.app.tokens.sign(otherHost));
    expect(await codeOf(request(newHost, 'floor:grant', { endpointId }))).toBe('OK');
    const admin = await connect(adminToken);
    expect(await codeOf(request(admin, 'floor:revoke', {}))).toBe('OK');
    expect(await codeOf(request(newHost, 'rollcall:start', { durationSeconds: 30 }))).toBe('OK');
    expect(await codeOf(request(admin, 'media:createTransport', { direction: 'send' }))).toBe('OK');
  });

  it('disconnects a socket when its token expires, and refuses the token afterwards', async () => {
    const login = await authService(t.app.ctx).endpointLogin(fx.endpoints[1]!.key, fx.sessionId);
    const shortLived = await t.app.tokens.sign(login.identity, 2);
    const screen = await connect(shortLived);
    const steady = await connect(fx.endpoints[1]!.token);
    const ended = disconnected(screen);
    const screenId = screen.id!;
    const presentSockets = async () => [
      ...((await broadcastDomain(t.app.ctx).presence.get(fx.sessionId, fx.endpoints[1]!.id))?.sockets ?? []),
    ];
    expect(await presentSockets()).toContain(screenId);

    expect(await ended).toBe('io server disconnect');
    const refused = await refusalOf(connectSocket(t.url, { token: shortLived }));
    expect(refused).toEqual({ code: 'UNAUTHENTICATED', message: 'Token expired' });
    // Its leave ran (the session no longer counts that socket); a socket with a valid token stays.
    await waitFor(async () => ((await presentSockets()).includes(screenId) ? undefined : true), 5_000, 20);
    expect(steady.connected).toBe(true);
    expect(await codeOf(request(steady, 'floor:getState', {}))).toBe('OK');
  });

  it("disconnects a deleted member's phones, and refuses its token afterwards", async () => {
    const endpoint = await t.app.db
      .selectFrom('endpoints')
      .select('unit_id')
      .where('id', '=', fx.endpoints[0]!.id)
      .executeTakeFirstOrThrow();
    const cellId = randomUUID();
    await t.app.db
      .insertInto('org_units')
      .values({
        id: cellId,
        parent_id: endpoint.unit_id,
        kind: 'cell',
        name: 'Chi bộ thử',
        code: `CELL-${cellId.slice(0, 8)}`,
        created_at: new Date().toISOString(),
      })
      .execute();
    const member = await orgAdminService(t.app.ctx).createMember({
      cellId,
      fullName: 'Trần Văn Xoá',
      memberNumber: `DV-${cellId.slice(0, 8)}`,
      gender: 'male',
      birthYear: 1980,
    });
    const memberToken = await t.app.tokens.sign({
      subject: member.id,
      role: 'member',
      sessionId: fx.sessionId,
      displayName: member.fullName,
    });
    const phone = await connect(memberToken);
    const unbound = await connect(memberToken, false);
    const otherPhone = await connect(fx.memberToken);
    const ended = Promise.all([disconnected(phone), disconnected(unbound)]);

    expect((await api(t, 'DELETE', `/org/members/${member.id}`, undefined, adminToken)).status).toBe(204);
    expect(await ended).toEqual(['io server disconnect', 'io server disconnect']);
    const refused = await refusalOf(connectSocket(t.url, { token: memberToken }));
    expect(refused?.code).toBe('UNAUTHENTICATED');
    expect(otherPhone.connected).toBe(true);
  });
});
