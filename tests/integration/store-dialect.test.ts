import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@diem-cau/server/src/logging/logger.js';
import { migrateToLatest, type Database } from '@diem-cau/server/src/store/database.js';
import { foldText } from '@diem-cau/server/src/store/textFold.js';
import { openTestStore, releaseTestStore, testStoreKind, withTestStore } from '../support/testStore.js';

/**
 * The one SQL of the code means the same on SQLite and on PostgreSQL (store/dialect.ts): this file
 * runs on the test store of the run (TEST_STORE), so `npm run test:postgres` checks PostgreSQL.
 */
const NAMES = [
  'Nguyễn Thị Đào',
  'NGUYỄN VĂN ĐỨC',
  'Trần Thị Thu Hương',
  'Lê Quang Vũ',
  'Phạm Thị Ngọc Ánh',
  'Hoàng Đức Thắng',
  'Võ Thị Mỹ Duyên',
  'Đặng Hữu Phước',
  'Bùi Thị Xuân Quỳnh',
  'Dương Quốc Khánh',
  'Huỳnh Tấn Phát',
  'Ngô Thị Tuyết Nhung',
  'Xã Đông Hưng, Thái Bình',
  'Ủy ban nhân dân',
  'ỨNG HÒA – Hà Nội',
  // The same letters decomposed (as some keyboards send them), and mixed case.
  'Nguyễn Thị Đào'.normalize('NFD'),
  'nGuYễN tHỊ đÀo',
  'Đảng viên 0123 (chi bộ 5)',
];

describe(`the store on ${testStoreKind}`, () => {
  const dataDir = mkdtempSync(path.join(process.env.DIEMCAU_TEST_TMP ?? os.tmpdir(), 'dialect-'));
  let db: Database;

  beforeAll(async () => {
    await withTestStore({ DATA_DIR: dataDir });
    db = openTestStore(dataDir);
    await migrateToLatest(db, createLogger('silent'));
  });

  afterAll(async () => {
    await db?.destroy();
    await releaseTestStore(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('folds Vietnamese names in SQL exactly as foldText does', async () => {
    for (const name of NAMES) {
      const { rows } = await sql<{ folded: string }>`select fold(${name}) as folded`.execute(db);
      expect(rows[0]?.folded, name).toBe(foldText(name));
    }
    expect(foldText('NGUYỄN VĂN ĐỨC')).toBe('nguyen van duc');
  });

  it('keeps the audit log append-only', async () => {
    const row = { at: new Date().toISOString(), action: 'member.create', target_type: 'member', target_id: 'm1' };
    const inserted = await db.insertInto('audit_log').values(row).returning('id').executeTakeFirstOrThrow();
    expect(typeof inserted.id).toBe('number');
    await expect(db.updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    // PostgreSQL's TRUNCATE skips row triggers: a statement trigger refuses it (SQLite has none).
    if (testStoreKind === 'postgres') await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    const kept = await db.selectFrom('audit_log').select(['id', 'action']).execute();
    expect(kept).toEqual([{ id: inserted.id, action: 'member.create' }]);
  });

  it('reads counts, sums, 64-bit integers and comparisons as numbers', async () => {
    const ms = 1_767_225_600_123; // epoch milliseconds, past 2^31: integer columns are 64-bit on both
    await db
      .insertInto('org_units')
      .values({ id: 'p', parent_id: null, kind: 'province', name: 'Tỉnh', code: 'P', created_at: 'x' })
      .execute();
    const member = (n: number) => ({
      id: `m${n}`,
      cell_id: 'p',
      full_name: 'Nguyễn Thị Đào',
      member_number: `00${n}`,
      gender: 'female' as const,
      birth_year: ms,
      synthetic: 1,
      created_at: 'x',
    });
    await db
      .insertInto('members')
      .values([member(1), member(2)])
      .execute();
    const read = await db
      .selectFrom('members')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('birth_year').as('total'),
        eb.fn.max('birth_year').as('last'),
        eb.fn.max('synthetic').as('synthetic'),
        sql<number>`max(birth_year) = ${ms}`.as('same'),
      ])
      .executeTakeFirstOrThrow();
    expect(read).toEqual({ n: 2, total: 2 * ms, last: ms, synthetic: 1, same: 1 });
  });

  it('sorts nulls first, compares LIKE without ASCII case and takes an empty IN list', async () => {
    await db
      .insertInto('org_units')
      .values([
        { id: 'd1', parent_id: 'p', kind: 'district', name: 'Huyện Hưng Hà', code: 'D1', created_at: 'x' },
        { id: 'q', parent_id: null, kind: 'province', name: 'Tỉnh khác', code: 'Q', created_at: 'x' },
      ])
      .execute();
    const ascending = await db.selectFrom('org_units').select('id').orderBy('parent_id').orderBy('id').execute();
    expect(ascending.map((r) => r.id)).toEqual(['p', 'q', 'd1']);
    const descending = await db
      .selectFrom('org_units')
      .select('id')
      .orderBy('parent_id', 'desc')
      .orderBy('id')
      .execute();
    expect(descending.map((r) => r.id)).toEqual(['d1', 'p', 'q']);
    const liked = await db.selectFrom('org_units').select('id').where('name', 'like', 'huyện%').execute();
    expect(liked.map((r) => r.id)).toEqual(['d1']);
    expect(await db.selectFrom('org_units').select('id').where('id', 'in', []).execute()).toEqual([]);
    expect(await db.selectFrom('org_units').select('id').where('id', 'not in', []).execute()).toHaveLength(3);
    // Text sorts byte by byte, as SQLite's BINARY collation: capitals, then small letters, then accented ones.
    const names = await db.selectFrom('org_units').select('name').orderBy('name').execute();
    expect(names.map((r) => r.name)).toEqual(['Huyện Hưng Hà', 'Tỉnh', 'Tỉnh khác']);
  });
});
