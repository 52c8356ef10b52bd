import { randomUUID } from 'node:crypto';
import type { AuthResponse, Identity } from '@diem-cau/shared';
import { accountService } from '@diem-cau/server/src/domain/accounts/index.js';
import { orgService } from '@diem-cau/server/src/domain/org/index.js';
import { sessionService } from '@diem-cau/server/src/domain/sessions/index.js';
import type { TestApp } from './testApp.js';

export interface OrgFixture {
  districtA: string;
  districtB: string;
  /** Endpoints: two in district A, one in district B. */
  endpoints: { a1: string; a2: string; b1: string };
  keys: { a1: string; a2: string; b1: string };
  member: { id: string; memberNumber: string; pin: string };
  admin: { id: string; username: string; password: string };
  host: { id: string; username: string; password: string };
  otherHost: { id: string; username: string; password: string };
  /** Scheduled, hosted by `host`, endpoints a1 and b1 invited (a2 not). */
  sessionId: string;
  /** Scheduled, hosted by `host`, every endpoint invited. */
  otherSessionId: string;
}

/**
 * A small province built through the real services: 2 districts, 3 communes with an endpoint each,
 * one cell with one member (with a PIN), an admin and two hosts, and two scheduled sessions.
 */
export async function buildOrgFixture(t: TestApp): Promise<OrgFixture> {
  const ctx = t.app.ctx;
  const db = ctx.db;
  const now = new Date().toISOString();
  const tag = randomUUID().slice(0, 6);
  const unit = (parent: string | null, kind: 'province' | 'district' | 'commune' | 'cell', name: string) => ({
    id: randomUUID(),
    parent_id: parent,
    kind,
    name,
    code: `${tag}-${name}`,
    created_at: now,
  });
  const province = unit(null, 'province', 'P');
  const dA = unit(province.id, 'district', 'DA');
  const dB = unit(province.id, 'district', 'DB');
  const cA1 = unit(dA.id, 'commune', 'CA1');
  const cA2 = unit(dA.id, 'commune', 'CA2');
  const cB1 = unit(dB.id, 'commune', 'CB1');
  const cell = unit(cA1.id, 'cell', 'CELL');
  await db.insertInto('org_units').values([province, dA, dB, cA1, cA2, cB1, cell]).execute();

  const org = orgService(ctx);
  const a1 = await org.createEndpoint(cA1.id, 'Điểm cầu A1');
  const a2 = await org.createEndpoint(cA2.id, 'Điểm cầu A2');
  const b1 = await org.createEndpoint(cB1.id, 'Điểm cầu B1');
  const keys = {
    a1: (await org.rotateKey(a1.id)).endpointKey,
    a2: (await org.rotateKey(a2.id)).endpointKey,
    b1: (await org.rotateKey(b1.id)).endpointKey,
  };

  const memberId = randomUUID();
  const memberNumber = `T${tag}`;
  await db
    .insertInto('members')
    .values({
      id: memberId,
      cell_id: cell.id,
      full_name: 'Nguyễn Văn Thử',
      member_number: memberNumber,
      gender: 'male',
      birth_year: 1980,
      phone: null,
      joined_on: '2005-05-19',
      pin_hash: null,
      synthetic: 1,
      created_at: now,
    })
    .execute();
  const { pin } = await org.issueMemberPin(memberId);

  const accounts = accountService(ctx);
  const mk = async (role: 'admin' | 'host', name: string) => {
    const password = `pw-${randomUUID()}`;
    const username = `${name}-${tag}`;
    const account = await accounts.create({ username, displayName: name, role, password });
    return { id: account.id, username, password };
  };
  const admin = await mk('admin', 'admin');
  const host = await mk('host', 'host');
  const otherHost = await mk('host', 'host2');

  const sessions = sessionService(ctx);
  const hostIdentity: Identity = { subject: host.id, role: 'host' };
  const schedule = {
    scheduledStart: new Date(Date.now() + 3600_000).toISOString(),
    scheduledEnd: new Date(Date.now() + 7200_000).toISOString(),
  };
  const s1 = await sessions.create(hostIdentity, { title: 'Phiên thử 1', resolution: 'Nghị quyết thử' });
  await sessions.schedule(hostIdentity, s1.id, schedule);
  await sessions.invite(hostIdentity, s1.id, { endpointIds: [a1.id, b1.id] });
  const s2 = await sessions.create(hostIdentity, { title: 'Phiên thử 2', resolution: 'Nghị quyết thử' });
  await sessions.schedule(hostIdentity, s2.id, schedule);
  await sessions.invite(hostIdentity, s2.id, { all: true });

  return {
    districtA: dA.id,
    districtB: dB.id,
    endpoints: { a1: a1.id, a2: a2.id, b1: b1.id },
    keys,
    member: { id: memberId, memberNumber, pin },
    admin,
    host,
    otherHost,
    sessionId: s1.id,
    otherSessionId: s2.id,
  };
}

/** POSTs JSON (optionally with a bearer token) and returns status and parsed body. */
export async function api<T = unknown>(
  t: TestApp,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${t.url}/api${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function loginToken(
  t: TestApp,
  path: '/auth/login' | '/auth/endpoint' | '/auth/member',
  body: unknown,
): Promise<string> {
  const res = await api<AuthResponse>(t, 'POST', path, body);
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.token;
}
