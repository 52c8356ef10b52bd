import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, IssuedPin, PinBatch } from '@diem-cau/shared';
import { hashingGate } from '@diem-cau/server/src/auth/hashingGate.js';
import { orgService } from '@diem-cau/server/src/domain/org/index.js';
import { MAX_FAILURES } from '@diem-cau/server/src/domain/checkin/CheckinService.js';
import { api, buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

type ErrorReply = { error: { code: string; message: string; details?: { path: string; message: string }[] } };
interface Reply<T> {
  status: number;
  body: T;
  retryAfter: string | null;
}

/** POSTs JSON as a client at `ip` (the app trusts X-Forwarded-For from its loopback proxy). */
async function post<T = ErrorReply>(
  t: TestApp,
  path: string,
  body: unknown,
  options: { ip?: string; token?: string } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (options.ip) headers['x-forwarded-for'] = options.ip;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(`${t.url}/api${path}`, {
    method: 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : undefined) as T,
    retryAfter: res.headers.get('retry-after'),
  };
}

const codeOf = (reply: Reply<unknown>) => (reply.status === 200 ? 'OK' : (reply.body as ErrorReply).error.code);
const wrongPin = (pin: string) => (pin === '000000' ? '111111' : '000000');
const isLocked = (reply: Reply<unknown>) =>
  reply.status === 429 && (reply.body as ErrorReply).error.details?.some((d) => d.message === 'locked') === true;

interface TestMember {
  id: string;
  memberNumber: string;
  pin: string;
}

/** Members in the fixture's cell, each with an issued PIN. */
async function addMembers(t: TestApp, f: OrgFixture, count: number): Promise<TestMember[]> {
  const { cell_id } = await t.app.db
    .selectFrom('members')
    .select('cell_id')
    .where('id', '=', f.member.id)
    .executeTakeFirstOrThrow();
  const tag = randomUUID().slice(0, 6);
  const rows = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    cell_id,
    full_name: `Đảng viên ${i}`,
    member_number: `H${tag}${String(i).padStart(3, '0')}`,
    gender: 'female' as const,
    birth_year: 1975,
    phone: null,
    joined_on: '2001-02-03',
    pin_hash: null,
    synthetic: 1,
    created_at: new Date().toISOString(),
  }));
  await t.app.db.insertInto('members').values(rows).execute();
  const members: TestMember[] = [];
  for (const row of rows) {
    const issued = await orgService(t.app.ctx).issueMemberPin(row.id);
    members.push({ id: row.id, memberNumber: issued.memberNumber, pin: issued.pin });
  }
  return members;
}

describe('sign-in abuse: shared limits per address and account, PIN locks, bounded hashing', () => {
  let t: TestApp;
  let f: OrgFixture;
  let adminToken: string;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
    adminToken = await loginToken(t, '/auth/login', { username: f.admin.username, password: f.admin.password });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('stops one address cycling through member numbers after 30 accounts, other addresses unaffected', async () => {
    const ip = '198.51.100.1';
    const [victim] = await addMembers(t, f, 1);
    const names = [victim!.memberNumber, ...Array.from({ length: 49 }, (_, i) => `X${randomUUID().slice(0, 8)}${i}`)];
    const replies: Reply<unknown>[] = [];
    for (const memberNumber of names) {
      const pin = memberNumber === victim!.memberNumber ? wrongPin(victim!.pin) : '482913';
      replies.push(await post(t, '/auth/member', { memberNumber, pin }, { ip }));
    }
    const codes = replies.map(codeOf);
    expect(codes.slice(0, 30)).toEqual(Array(30).fill('UNAUTHENTICATED'));
    expect(codes.slice(30)).toEqual(Array(20).fill('RATE_LIMITED'));
    expect(replies[30]!.status).toBe(429);
    expect(Number(replies[30]!.retryAfter)).toBeGreaterThan(0);
    // The blocked address cannot try a new name, not even a staff account …
    expect(codeOf(await post(t, '/auth/login', { username: f.host.username, password: f.host.password }, { ip }))).toBe(
      'RATE_LIMITED',
    );
    // … but a name it already failed on may retry (a member who mistyped signs in), and that success
    // takes the name off the address's list; other addresses are not affected.
    expect(
      (await post(t, '/auth/member', { memberNumber: victim!.memberNumber, pin: victim!.pin }, { ip })).status,
    ).toBe(200);
    const other = await post(
      t,
      '/auth/member',
      { memberNumber: f.member.memberNumber, pin: f.member.pin },
      { ip: '198.51.100.2' },
    );
    expect(other.status).toBe(200);
  });

  it('locks a member PIN after 10 wrong tries from any addresses; an administrator re-issuing it unlocks', async () => {
    const [member] = await addMembers(t, f, 1);
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const reply = await post(
        t,
        '/auth/member',
        { memberNumber: member!.memberNumber, pin: wrongPin(member!.pin) },
        { ip: `192.0.2.${i + 1}` },
      );
      codes.push(codeOf(reply));
    }
    expect(codes).toEqual(Array(10).fill('UNAUTHENTICATED'));
    // Locked for every address, even with the right PIN, and the answer says what to do.
    const locked = await post(
      t,
      '/auth/member',
      { memberNumber: member!.memberNumber, pin: member!.pin },
      { ip: '192.0.2.200' },
    );
    expect(isLocked(locked)).toBe(true);
    expect((locked.body as ErrorReply).error).toMatchObject({
      code: 'RATE_LIMITED',
      details: [{ path: 'pin', message: 'locked' }],
    });
    expect((locked.body as ErrorReply).error.message).toMatch(/new PIN slip/);
    expect(Number(locked.retryAfter)).toBeGreaterThan(60);
    const reissued = await post<IssuedPin>(t, `/org/members/${member!.id}/pin`, undefined, { token: adminToken });
    expect(reissued.status).toBe(200);
    const fresh = await post<AuthResponse>(
      t,
      '/auth/member',
      { memberNumber: member!.memberNumber, pin: reissued.body.pin },
      { ip: '192.0.2.200' },
    );
    expect(fresh.status).toBe(200);
    expect(fresh.body.identity.subject).toBe(member!.id);
  });

  it('the PIN change counts toward the lock: 10 wrong current PINs lock the PIN', async () => {
    const [member] = await addMembers(t, f, 1);
    const token = await loginToken(t, '/auth/member', { memberNumber: member!.memberNumber, pin: member!.pin });
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) {
      const reply = await post(
        t,
        '/auth/member/pin',
        { currentPin: wrongPin(member!.pin), newPin: '482913' },
        { token },
      );
      codes.push(codeOf(reply));
    }
    expect(codes).toEqual([...Array(10).fill('UNAUTHENTICATED'), 'RATE_LIMITED']);
    expect(isLocked(await post(t, '/auth/member', { memberNumber: member!.memberNumber, pin: member!.pin }))).toBe(
      true,
    );
  });

  it('a bulk PIN batch unlocks the PINs it re-issues', async () => {
    const [member] = await addMembers(t, f, 1);
    for (let i = 0; i < 10; i++)
      await post(
        t,
        '/auth/member',
        { memberNumber: member!.memberNumber, pin: wrongPin(member!.pin) },
        { ip: '192.0.2.77' },
      );
    expect(
      isLocked(
        await post(t, '/auth/member', { memberNumber: member!.memberNumber, pin: member!.pin }, { ip: '192.0.2.78' }),
      ),
    ).toBe(true);
    const started = await post<PinBatch>(t, '/org/members/pins', { memberIds: [member!.id] }, { token: adminToken });
    expect(started.status).toBe(202);
    let batch = started.body;
    const deadline = Date.now() + 60_000;
    while (batch.state !== 'done' && batch.state !== 'failed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      batch = (await api<PinBatch>(t, 'GET', `/org/pin-batches/${started.body.batchId}`, undefined, adminToken)).body;
    }
    expect(batch.state).toBe('done');
    const file = await fetch(`${t.url}/api/org/pin-slips/${batch.sheetId}/xlsx`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await file.arrayBuffer());
    const row = (workbook.worksheets[0]!.getSheetValues()[2] as unknown[]).slice(1).map(String);
    expect(row[2]).toBe(member!.memberNumber);
    expect(
      (await post(t, '/auth/member', { memberNumber: member!.memberNumber, pin: row[3] }, { ip: '192.0.2.78' })).status,
    ).toBe(200);
  });

  it('limits failures per account across addresses even when the owner keeps signing in between', async () => {
    const [member] = await addMembers(t, f, 1);
    const codes: string[] = [];
    let ip = 0;
    // 3 runs of 6 wrong PINs (below the lock's 10 in a row), each ended by the owner signing in, then 2 more.
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < (round < 3 ? 6 : 2); i++) {
        const reply = await post(
          t,
          '/auth/member',
          { memberNumber: member!.memberNumber, pin: wrongPin(member!.pin) },
          { ip: `100.64.0.${++ip}` },
        );
        codes.push(codeOf(reply));
      }
      // The owner's success ends the run of wrong PINs (no lock), but not the account's budget.
      if (round < 3)
        expect(
          (
            await post(
              t,
              '/auth/member',
              { memberNumber: member!.memberNumber, pin: member!.pin },
              { ip: '100.64.1.1' },
            )
          ).status,
        ).toBe(200);
    }
    expect(codes).toEqual(Array(20).fill('UNAUTHENTICATED'));
    const limited = await post(
      t,
      '/auth/member',
      { memberNumber: member!.memberNumber, pin: wrongPin(member!.pin) },
      { ip: '100.64.0.99' },
    );
    expect(limited.status).toBe(429);
    expect(isLocked(limited)).toBe(false);
    expect((limited.body as ErrorReply).error.code).toBe('RATE_LIMITED');
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    // The spent budget holds for the right PIN too (every try is a guess) until the window passes.
    expect(
      (await post(t, '/auth/member', { memberNumber: member!.memberNumber, pin: member!.pin }, { ip: '100.64.1.1' }))
        .status,
    ).toBe(429);
  });

  it('locks a staff password after 10 wrong tries from several addresses', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const reply = await post(
        t,
        '/auth/login',
        { username: f.otherHost.username, password: `guess-${i}` },
        { ip: `100.65.0.${i + 1}` },
      );
      codes.push(codeOf(reply));
    }
    expect(codes).toEqual(Array(10).fill('UNAUTHENTICATED'));
    const locked = await post(
      t,
      '/auth/login',
      { username: f.otherHost.username, password: f.otherHost.password },
      { ip: '100.65.1.1' },
    );
    expect((locked.body as ErrorReply).error).toMatchObject({
      code: 'RATE_LIMITED',
      details: [{ path: 'password', message: 'locked' }],
    });
  });

  it('lets a hall of 60 members on one address each mistype once and then sign in', async () => {
    const hall = await addMembers(t, f, 60);
    const ip = '203.0.113.7';
    const results: string[][] = [];
    for (let i = 0; i < hall.length; i += 10) {
      results.push(
        ...(await Promise.all(
          hall.slice(i, i + 10).map(async (m) => {
            const typo = await post(t, '/auth/member', { memberNumber: m.memberNumber, pin: wrongPin(m.pin) }, { ip });
            const right = await post(t, '/auth/member', { memberNumber: m.memberNumber, pin: m.pin }, { ip });
            return [codeOf(typo), codeOf(right)];
          }),
        )),
      );
    }
    expect(results).toEqual(Array(60).fill(['UNAUTHENTICATED', 'OK']));
  });

  it('stops concurrent wrong check-in codes exactly at the limit', async () => {
    const sid = f.otherSessionId;
    const token = await loginToken(t, '/auth/member', { memberNumber: f.member.memberNumber, pin: f.member.pin });
    const member = await connectSocket(t.url, { token });
    sockets.push(member);
    expect((await member.emitWithAck('session:join', { sessionId: sid })).ok).toBe(true);
    const acks = await Promise.all(
      Array.from({ length: 3 * MAX_FAILURES }, () => member.emitWithAck('checkin:submit', { code: 'ZZZZZZ' })),
    );
    const codes = acks.map((a) => (a.ok ? 'OK' : a.error.code));
    expect(codes.filter((c) => c === 'FORBIDDEN')).toHaveLength(MAX_FAILURES);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(2 * MAX_FAILURES);
    // Even the right code waits now.
    const endpoint = await connectSocket(t.url, {
      token: await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.b1, sessionId: sid }),
    });
    sockets.push(endpoint);
    expect((await endpoint.emitWithAck('session:join', { sessionId: sid })).ok).toBe(true);
    const right = await endpoint.emitWithAck('checkin:currentCode', {});
    if (!right.ok) throw new Error('no code');
    expect(await member.emitWithAck('checkin:submit', { code: right.data.code })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED' },
    });
  });
});

describe('sign-in flood: the hashing gate answers beyond its queue at once', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ SIGNIN_HASH_CONCURRENCY: '1', SIGNIN_HASH_QUEUE: '4' });
  });
  afterAll(async () => t?.close());

  it('refuses staff sign-ins beyond the queue with UNAVAILABLE and Retry-After, and /healthz still answers', async () => {
    const gate = hashingGate(t.app.ctx);
    let maxRunning = 0;
    let maxWaiting = 0;
    const sampler = setInterval(() => {
      maxRunning = Math.max(maxRunning, gate.load.running);
      maxWaiting = Math.max(maxWaiting, gate.load.waiting);
    }, 1);
    const flood = Array.from({ length: 150 }, (_, i) =>
      post(
        t,
        '/auth/login',
        { username: `f${randomUUID().slice(0, 8)}`, password: 'correct horse battery' },
        { ip: `10.20.${i >> 8}.${i & 255}` },
      ),
    );
    const health = await fetch(`${t.url}/healthz`);
    const replies = await Promise.all(flood);
    clearInterval(sampler);

    expect(health.status).toBe(200);
    const codes = replies.map(codeOf);
    expect(codes.every((c) => c === 'UNAUTHENTICATED' || c === 'UNAVAILABLE')).toBe(true);
    const busy = replies.filter((r) => codeOf(r) === 'UNAVAILABLE');
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((r) => r.status === 503 && Number(r.retryAfter) >= 1)).toBe(true);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED').length).toBeGreaterThan(0);
    expect(maxRunning).toBeLessThanOrEqual(1);
    expect(maxWaiting).toBeLessThanOrEqual(4);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
    // Refused attempts were given back: the same addresses sign in normally afterwards.
    expect(
      codeOf(
        await post(t, '/auth/login', { username: 'nobody', password: 'correct horse battery' }, { ip: '10.20.0.1' }),
      ),
    ).toBe('UNAUTHENTICATED');
  });

  it('checks member PINs outside the Argon2 gate: a flood of PIN sign-ins is answered, none refused as busy', async () => {
    const gate = hashingGate(t.app.ctx);
    let maxRunning = 0;
    const sampler = setInterval(() => (maxRunning = Math.max(maxRunning, gate.load.running)), 1);
    const replies = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        post(
          t,
          '/auth/member',
          { memberNumber: `F${randomUUID().slice(0, 8)}`, pin: '482913' },
          { ip: `10.21.${i >> 8}.${i & 255}` },
        ),
      ),
    );
    clearInterval(sampler);
    expect(replies.map(codeOf).every((c) => c === 'UNAUTHENTICATED')).toBe(true);
    expect(maxRunning).toBe(0);
  });
});
