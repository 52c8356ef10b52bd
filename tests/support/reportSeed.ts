import { randomUUID } from 'node:crypto';
import { accountService } from '@diem-cau/server/src/domain/accounts/index.js';
import type { App } from '@diem-cau/server/src/app.js';

/**
 * A small province with one ended session, written straight into the store, for the report,
 * job and dashboard tests. Figures (worked out by hand):
 * - session 02:00–04:00 UTC on 2026-03-10 (120 min), threshold 0.8 (96 min);
 * - Xã An (Huyện Đông): endpoint connected throughout, its 6 members present throughout;
 * - Xã Bình (Huyện Đông): endpoint 02:00–03:00 and 03:10–04:00 (110 min, 1 reconnect); 3 members
 *   present throughout, 3 present 90 min (75 %, absent);
 * - Xã Cường (Huyện Tây): endpoint never connected, its 6 members absent.
 * So 18 invited, 9 attended (50 %); 9 absentees in 3 cells.
 */
export const SEED_START = '2026-03-10T02:00:00.000Z';
export const SEED_END = '2026-03-10T04:00:00.000Z';
const at = (minutes: number): string => new Date(Date.parse(SEED_START) + minutes * 60_000).toISOString();

export interface ReportSeed {
  sessionId: string;
  adminToken: string;
  hostToken: string;
  otherHostToken: string;
  admin: { username: string; password: string };
  districts: { east: string; west: string };
  endpoints: string[];
  members: string[];
}

export async function seedReportProvince(app: App, tag = randomUUID().slice(0, 6)): Promise<ReportSeed> {
  const db = app.db;
  const now = new Date().toISOString();
  const password = 'mat-khau-quan-tri-1';
  const admin = await accountService(app.ctx).create({
    username: `admin-${tag}`,
    displayName: 'Quản trị',
    role: 'admin',
    password,
  });
  const host = await accountService(app.ctx).create({
    username: `host-${tag}`,
    displayName: 'Ban Tuyên giáo',
    role: 'host',
    password,
  });
  const otherHost = await accountService(app.ctx).create({
    username: `other-${tag}`,
    displayName: 'Chủ trì khác',
    role: 'host',
    password,
  });

  const unit = async (
    parent: string | null,
    kind: 'province' | 'district' | 'commune' | 'cell',
    name: string,
  ): Promise<string> => {
    const id = randomUUID();
    await db
      .insertInto('org_units')
      .values({ id, parent_id: parent, kind, name, code: `${tag}-${id.slice(0, 8)}`, created_at: now })
      .execute();
    return id;
  };
  const province = await unit(null, 'province', 'Tỉnh Thử');
  const east = await unit(province, 'district', 'Huyện Đông');
  const west = await unit(province, 'district', 'Huyện Tây');
  const communes = [
    { district: east, name: 'Xã An' },
    { district: east, name: 'Xã Bình' },
    { district: west, name: 'Xã Cường' },
  ];
  const endpoints: string[] = [];
  const members: string[][] = [];
  let n = 0;
  for (const c of communes) {
    const communeId = await unit(c.district, 'commune', c.name);
    const endpointId = randomUUID();
    await db
      .insertInto('endpoints')
      .values({
        id: endpointId,
        unit_id: communeId,
        name: `Điểm cầu ${c.name}`,
        key_hash: null,
        key_rotated_at: null,
        created_at: now,
      })
      .execute();
    endpoints.push(endpointId);
    const ids: string[] = [];
    for (const k of [1, 2]) {
      const cellId = await unit(communeId, 'cell', `Chi bộ ${k} — ${c.name}`);
      for (let i = 0; i < 3; i++) {
        n += 1;
        const id = randomUUID();
        await db
          .insertInto('members')
          .values({
            id,
            cell_id: cellId,
            full_name: `Đảng viên Thử ${String(n).padStart(2, '0')}`,
            member_number: `T${tag}${String(n).padStart(3, '0')}`,
            gender: n % 2 === 0 ? 'female' : 'male',
            birth_year: 1960 + n * 2,
            phone: null,
            joined_on: null,
            pin_hash: null,
            synthetic: 1,
            created_at: now,
          })
          .execute();
        ids.push(id);
      }
    }
    members.push(ids);
  }

  const sessionId = randomUUID();
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      title: 'Hội nghị học tập Nghị quyết (thử)',
      resolution: 'Nghị quyết thử nghiệm',
      status: 'ended',
      scheduled_start: SEED_START,
      scheduled_end: SEED_END,
      started_at: SEED_START,
      ended_at: SEED_END,
      host_account_id: host.id,
      attendance_threshold: 0.8,
      created_at: now,
    })
    .execute();
  await db
    .insertInto('session_invites')
    .values(endpoints.map((e) => ({ session_id: sessionId, endpoint_id: e, invited_at: now })))
    .execute();

  const [e1, e2] = endpoints as [string, string, string];
  const interval = (endpointId: string, from: number, to: number) => ({
    id: randomUUID(),
    session_id: sessionId,
    endpoint_id: endpointId,
    started_at: at(from),
    ended_at: at(to),
    close_reason: 'left' as const,
  });
  await db
    .insertInto('attendance_intervals')
    .values([interval(e1, 0, 120), interval(e2, 0, 60), interval(e2, 70, 120)])
    .execute();
  await db
    .insertInto('headcount_reports')
    .values([
      { id: randomUUID(), session_id: sessionId, endpoint_id: e1, head_count: 25, reported_at: at(5) },
      { id: randomUUID(), session_id: sessionId, endpoint_id: e2, head_count: 20, reported_at: at(6) },
    ])
    .execute();
  const checkin = (memberId: string, endpointId: string, minutes: number) => ({
    id: randomUUID(),
    session_id: sessionId,
    member_id: memberId,
    endpoint_id: endpointId,
    checked_in_at: at(0),
    checked_out_at: at(minutes),
    checkout_reason: 'left' as const,
  });
  const [an, binh] = members as [string[], string[], string[]];
  await db
    .insertInto('checkins')
    .values([
      ...an.map((m) => checkin(m, e1, 120)),
      ...binh.slice(0, 3).map((m) => checkin(m, e2, 120)),
      ...binh.slice(3).map((m) => checkin(m, e2, 90)),
    ])
    .execute();

  return {
    sessionId,
    adminToken: await app.tokens.sign({ subject: admin.id, role: 'admin' }),
    hostToken: await app.tokens.sign({ subject: host.id, role: 'host' }),
    otherHostToken: await app.tokens.sign({ subject: otherHost.id, role: 'host' }),
    admin: { username: admin.username, password },
    districts: { east, west },
    endpoints,
    members: members.flat(),
  };
}

/** A checked-in stint added after the fact (changes the session's data version). */
export async function addLateCheckin(app: App, seed: ReportSeed, memberIndex: number): Promise<void> {
  const memberId = seed.members[memberIndex];
  const endpointId = seed.endpoints[2];
  if (!memberId || !endpointId) throw new Error('no such seeded member or endpoint');
  await app.db
    .insertInto('checkins')
    .values({
      id: randomUUID(),
      session_id: seed.sessionId,
      member_id: memberId,
      endpoint_id: endpointId,
      checked_in_at: at(10),
      checked_out_at: at(20),
      checkout_reason: 'left',
    })
    .execute();
}
