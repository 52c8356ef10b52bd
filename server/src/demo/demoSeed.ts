import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../store/database.js';
import type { EndpointTable, MemberTable, OrgUnitTable } from '../store/schema.js';
import { generatePassword, generatePin, hashSecret } from '../auth/passwords.js';
import type { PinHashes } from '../auth/pinHashes.js';
import { generateEndpointKey, hashEndpointKey } from '../domain/org/index.js';
import { questionColumns } from '../domain/quiz/index.js';
import { freeSessionCode } from '../domain/sessions/index.js';
import { DEMO_QUIZ } from './demoQuiz.js';
import {
  DEMO_DISTRICTS,
  DEMO_PROVINCE,
  FAMILY_NAMES,
  GIVEN_NAMES,
  MIDDLE_NAMES,
  intBetween,
  pick,
  seededRandom,
} from './demoNames.js';

export const DEMO_SEED_META_KEY = 'demo_seed';
const CHUNK = 200;
const SAMPLE_KEYS = 3;
const SAMPLE_PINS = 5;

export interface DemoCredentials {
  admin: { username: string; password: string };
  host: { username: string; password: string };
  sessionId: string;
  endpointKeys: { endpointId: string; name: string; key: string }[];
  memberPins: { memberNumber: string; fullName: string; pin: string }[];
  counts: { districts: number; communes: number; cells: number; endpoints: number; members: number };
}

/** 08:00–11:00 tomorrow, Vietnam time (UTC+7), as ISO UTC strings. */
function tomorrowMorning(now = new Date()): { start: string; end: string } {
  const local = new Date(now.getTime() + 7 * 3600_000);
  const start = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1, 1, 0, 0);
  return { start: new Date(start).toISOString(), end: new Date(start + 3 * 3600_000).toISOString() };
}

/**
 * Seeds the demo province shaped like Thái Bình on an empty store, in one transaction, and returns
 * the credentials to print (once). Returns undefined when already seeded or the store holds real data.
 * Every member it creates is synthetic (members.synthetic = 1) and never to be presented as a real person.
 */
export async function seedDemoProvince(
  db: Database,
  pins: PinHashes,
  log: Logger,
): Promise<DemoCredentials | undefined> {
  const marker = await db
    .selectFrom('app_meta')
    .select('value')
    .where('key', '=', DEMO_SEED_META_KEY)
    .executeTakeFirst();
  if (marker) return undefined;
  const existing = await db.selectFrom('org_units').select('id').limit(1).executeTakeFirst();
  const existingAccount = await db.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
  if (existing || existingAccount) {
    log.info('store already holds an organisation or accounts; demo province not seeded');
    return undefined;
  }

  const now = new Date().toISOString();
  const random = seededRandom(20_260_101);
  const units: Insertable<OrgUnitTable>[] = [];
  const endpoints: Insertable<EndpointTable>[] = [];
  const members: Insertable<MemberTable>[] = [];
  const provinceId = randomUUID();
  units.push({
    id: provinceId,
    parent_id: null,
    kind: 'province',
    name: DEMO_PROVINCE.name,
    code: DEMO_PROVINCE.code,
    created_at: now,
  });

  const currentYear = new Date().getUTCFullYear();
  DEMO_DISTRICTS.forEach((district, d) => {
    const districtId = randomUUID();
    const districtCode = `${DEMO_PROVINCE.code}-${String(d + 1).padStart(2, '0')}`;
    units.push({
      id: districtId,
      parent_id: provinceId,
      kind: 'district',
      name: district.name,
      code: districtCode,
      created_at: now,
    });
    for (let c = 1; c <= district.communes; c++) {
      const communeId = randomUUID();
      const communeName = `${district.communePrefix} ${district.short} ${String(c).padStart(2, '0')}`;
      const communeCode = `${districtCode}-${String(c).padStart(2, '0')}`;
      units.push({
        id: communeId,
        parent_id: districtId,
        kind: 'commune',
        name: communeName,
        code: communeCode,
        created_at: now,
      });
      endpoints.push({
        id: randomUUID(),
        unit_id: communeId,
        name: `Điểm cầu ${communeName}`,
        key_hash: null,
        key_version: 0,
        key_rotated_at: null,
        created_at: now,
      });
      const cells = intBetween(random, 2, 3);
      for (let k = 1; k <= cells; k++) {
        const cellId = randomUUID();
        units.push({
          id: cellId,
          parent_id: communeId,
          kind: 'cell',
          name: `Chi bộ ${k} — ${communeName}`,
          code: `${communeCode}-C${k}`,
          created_at: now,
        });
        const count = intBetween(random, 4, 7);
        for (let m = 0; m < count; m++) {
          const gender = random() < 0.58 ? 'male' : 'female';
          const birthYear = intBetween(random, 1950, 2004);
          const joinYear = Math.min(currentYear - 1, birthYear + intBetween(random, 18, 45));
          members.push({
            id: randomUUID(),
            cell_id: cellId,
            full_name: `${pick(random, FAMILY_NAMES)} ${pick(random, MIDDLE_NAMES[gender])} ${pick(random, GIVEN_NAMES[gender])}`,
            member_number: `DEMO${String(members.length + 1).padStart(6, '0')}`,
            gender,
            birth_year: birthYear,
            phone: null, // a made-up number could belong to a real person
            joined_on: `${joinYear}-${String(intBetween(random, 1, 12)).padStart(2, '0')}-${String(intBetween(random, 1, 28)).padStart(2, '0')}`,
            pin_hash: null,
            synthetic: 1,
            created_at: now,
          });
        }
      }
    }
  });

  // Secrets shown once: account passwords, a few endpoint keys and member PINs (hashed before storing).
  const admin = { username: 'admin', password: generatePassword() };
  const host = { username: 'host', password: generatePassword() };
  const adminId = randomUUID();
  const hostId = randomUUID();
  const [adminHash, hostHash] = await Promise.all([hashSecret(admin.password), hashSecret(host.password)]);
  const endpointKeys = endpoints.slice(0, SAMPLE_KEYS).map((e) => {
    const key = generateEndpointKey();
    e.key_hash = hashEndpointKey(key);
    e.key_version = 1;
    e.key_rotated_at = now;
    return { endpointId: e.id, name: e.name, key };
  });
  const memberPins = members.slice(0, SAMPLE_PINS).map((m) => {
    const pin = generatePin();
    m.pin_hash = pins.hash(pin);
    return { memberNumber: m.member_number, fullName: m.full_name, pin };
  });
  const sessionId = randomUUID();
  const schedule = tomorrowMorning();

  const seeded = await db.transaction().execute(async (trx) => {
    // The marker goes first: a second node seeding at the same moment fails on its primary key.
    const note = {
      seededAt: now,
      synthetic: true,
      note: 'Demo province: every member is synthetic (members.synthetic = 1); not real people.',
    };
    const inserted = await trx
      .insertInto('app_meta')
      .values({ key: DEMO_SEED_META_KEY, value: JSON.stringify(note) })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) return false;
    for (let i = 0; i < units.length; i += CHUNK)
      await trx
        .insertInto('org_units')
        .values(units.slice(i, i + CHUNK))
        .execute();
    for (let i = 0; i < endpoints.length; i += CHUNK)
      await trx
        .insertInto('endpoints')
        .values(endpoints.slice(i, i + CHUNK))
        .execute();
    for (let i = 0; i < members.length; i += CHUNK)
      await trx
        .insertInto('members')
        .values(members.slice(i, i + CHUNK))
        .execute();
    await trx
      .insertInto('accounts')
      .values([
        {
          id: adminId,
          username: admin.username,
          display_name: 'Quản trị viên (demo)',
          role: 'admin',
          password_hash: adminHash,
          created_at: now,
        },
        {
          id: hostId,
          username: host.username,
          display_name: 'Ban Tuyên giáo Tỉnh ủy (demo)',
          role: 'host',
          password_hash: hostHash,
          created_at: now,
        },
      ])
      .execute();
    await trx
      .insertInto('sessions')
      .values({
        id: sessionId,
        code: await freeSessionCode(trx),
        title: 'Hội nghị trực tuyến học tập, quán triệt Nghị quyết (phiên trình diễn)',
        resolution: 'Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng',
        status: 'scheduled',
        scheduled_start: schedule.start,
        scheduled_end: schedule.end,
        started_at: null,
        ended_at: null,
        host_account_id: hostId,
        attendance_threshold: 0.8,
        created_at: now,
      })
      .execute();
    const questions = DEMO_QUIZ.map((q, position) => ({
      id: randomUUID(),
      session_id: sessionId,
      position,
      ...questionColumns(q),
      created_at: now,
      updated_at: now,
    }));
    await trx.insertInto('quiz_questions').values(questions).execute();
    const invites = endpoints.map((e) => ({ session_id: sessionId, endpoint_id: e.id, invited_at: now }));
    for (let i = 0; i < invites.length; i += CHUNK)
      await trx
        .insertInto('session_invites')
        .values(invites.slice(i, i + CHUNK))
        .execute();
    return true;
  });
  if (!seeded) return undefined;

  const counts = {
    districts: DEMO_DISTRICTS.length,
    communes: endpoints.length,
    cells: units.filter((u) => u.kind === 'cell').length,
    endpoints: endpoints.length,
    members: members.length,
  };
  log.info({ ...counts, sessionId }, 'demo province seeded (synthetic members)');
  return { admin, host, sessionId, endpointKeys, memberPins, counts };
}
