import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, Session } from '@diem-cau/shared';
import { formatStartBanner, readDemoCredentials } from '@diem-cau/server/src/demo/demoBanner.js';
import { seedDemoProvince } from '@diem-cau/server/src/demo/demoSeed.js';
import { pinHashes } from '@diem-cau/server/src/auth/pinHashes.js';
import { api } from '../support/orgFixture.js';
import { connectSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

describe('demo province seed', () => {
  let t: TestApp;
  let printed = '';

  beforeAll(async () => {
    t = await startTestApp({ SEED_DEMO: 'true' });
    // What main.ts prints at every start (the credentials file survives restarts).
    printed = formatStartBanner({
      localUrl: t.url,
      lanUrls: [],
      rtcAnnounced: t.app.ctx.rtc.announced,
      tls: undefined,
      demo: readDemoCredentials(t.app.config.dataDir),
    });
  });
  afterAll(async () => t?.close());

  const count = async (
    table: 'org_units' | 'endpoints' | 'members' | 'accounts' | 'sessions' | 'session_invites',
  ): Promise<number> =>
    Number(
      (
        await t.app.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const countUnits = async (kind: 'district' | 'commune' | 'cell'): Promise<number> =>
    Number(
      (
        await t.app.db
          .selectFrom('org_units')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('kind', '=', kind)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('creates Thái Bình’s 8 district-level units by name, 260 communes with an endpoint each, and thousands of synthetic members', async () => {
    const districts = await t.app.db
      .selectFrom('org_units')
      .select('name')
      .where('kind', '=', 'district')
      .orderBy('name')
      .execute();
    expect(districts.map((d) => d.name).sort()).toEqual(
      [
        'Huyện Đông Hưng',
        'Huyện Hưng Hà',
        'Huyện Kiến Xương',
        'Huyện Quỳnh Phụ',
        'Huyện Thái Thụy',
        'Huyện Tiền Hải',
        'Huyện Vũ Thư',
        'Thành phố Thái Bình',
      ].sort(),
    );
    expect(await countUnits('commune')).toBe(260);
    expect(await count('endpoints')).toBe(260);
    const cells = await countUnits('cell');
    expect(cells).toBeGreaterThanOrEqual(520);
    expect(cells).toBeLessThanOrEqual(780);
    const members = await count('members');
    expect(members).toBeGreaterThanOrEqual(2000);
    const real = await t.app.db.selectFrom('members').select('id').where('synthetic', '=', 0).execute();
    expect(real).toEqual([]);
    const sample = await t.app.db
      .selectFrom('members')
      .select(['full_name', 'gender', 'birth_year', 'joined_on', 'phone'])
      .limit(50)
      .execute();
    for (const m of sample) {
      expect(m.full_name.split(' ').length).toBeGreaterThanOrEqual(3);
      expect(m.birth_year).toBeGreaterThanOrEqual(1950);
      expect(m.birth_year).toBeLessThanOrEqual(2004);
      expect(Number(m.joined_on?.slice(0, 4))).toBeGreaterThanOrEqual(m.birth_year + 18);
      expect(m.phone).toBeNull();
    }
    expect(new Set(sample.map((m) => m.gender))).toEqual(new Set(['male', 'female']));
    // Every endpoint belongs to a commune-level unit.
    const misplaced = await t.app.db
      .selectFrom('endpoints as e')
      .innerJoin('org_units as u', 'u.id', 'e.unit_id')
      .select('e.id')
      .where('u.kind', '!=', 'commune')
      .execute();
    expect(misplaced).toEqual([]);
    const meta = await t.app.db
      .selectFrom('app_meta')
      .select('value')
      .where('key', '=', 'demo_seed')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(meta.value)).toMatchObject({ synthetic: true });
  });

  it('prints working credentials on the console: admin, host, endpoint keys and member PINs for the demo session', async () => {
    const admin = /Admin\s+\S+\/admin\s+username "(\S+)"\s+password "(\S+)"/.exec(printed);
    const host = /Host\s+\S+\/host\?session=(\S+)\s+username "(\S+)"\s+password "(\S+)"/.exec(printed);
    const sessionId = host?.[1];
    const links = [...printed.matchAll(/^ {2}Điểm cầu [^:]+: (http\S+)\/endpoint\/pair#key=(\S{43})$/gm)];
    const key = links[0]?.[2];
    const pins = [...printed.matchAll(/^ {2}(DEMO\d{6}) {2}PIN (\d{6}) {3}.+\(synthetic\)$/gm)];
    const pin = pins[0];
    expect(links).toHaveLength(3);
    expect(links[0]?.[1]).toBe(t.url);
    expect(pins.length).toBeGreaterThanOrEqual(5);
    expect(printed).not.toContain('0.0.0.0');
    expect(admin && host && sessionId && key && pin).toBeTruthy();
    const questions = await t.app.db
      .selectFrom('quiz_questions')
      .select(['prompt'])
      .where('session_id', '=', sessionId ?? '')
      .execute();
    expect(questions.length).toBeGreaterThanOrEqual(3);
    const adminLogin = await api<AuthResponse>(t, 'POST', '/auth/login', {
      username: admin?.[1],
      password: admin?.[2],
    });
    expect(adminLogin.body.identity.role).toBe('admin');
    const hostLogin = await api<AuthResponse>(t, 'POST', '/auth/login', { username: host?.[2], password: host?.[3] });
    expect(hostLogin.body.identity.role).toBe('host');
    const session = await api<Session>(t, 'GET', `/sessions/${sessionId}`, undefined, hostLogin.body.token);
    expect(session.body).toMatchObject({ status: 'scheduled', invitedEndpointCount: 260 });
    const endpoint = await api<AuthResponse>(t, 'POST', '/auth/endpoint', { endpointKey: key, sessionId });
    expect(endpoint.status).toBe(200);
    const socket = await connectSocket(t.url, { token: endpoint.body.token });
    try {
      expect(await socket.emitWithAck('session:join', { sessionId: sessionId ?? '' })).toMatchObject({
        ok: true,
        data: { role: 'endpoint', invitedEndpointCount: 260 },
      });
    } finally {
      socket.close();
    }
    const member = await api<AuthResponse>(t, 'POST', '/auth/member', {
      memberNumber: pin?.[1],
      pin: pin?.[2],
      sessionId,
    });
    expect(member.status).toBe(200);
  });

  it('is idempotent: seeding again adds nothing', async () => {
    const before = [
      await count('org_units'),
      await count('endpoints'),
      await count('members'),
      await count('accounts'),
      await count('sessions'),
      await count('session_invites'),
    ];
    const again = await seedDemoProvince(t.app.db, pinHashes(t.app.ctx), t.app.ctx.log);
    expect(again).toBeUndefined();
    const after = [
      await count('org_units'),
      await count('endpoints'),
      await count('members'),
      await count('accounts'),
      await count('sessions'),
      await count('session_invites'),
    ];
    expect(after).toEqual(before);
  });
});
