import { sql, type Kysely } from 'kysely';

/**
 * Organisation tree (province → district-level → commune/grassroots → Party cell), the endpoints
 * (one commune hall's screen each) and the Party members, who belong to a cell.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('org_units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parent_id', 'text', (c) => c.references('org_units.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('province', 'district', 'commune', 'cell')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('org_units_parent_idx').on('org_units').column('parent_id').execute();
  await db.schema.createIndex('org_units_kind_idx').on('org_units').column('kind').execute();

  await db.schema
    .createTable('endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('org_units.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // SHA-256 (base64url) of the current key; null until a key is issued.
    .addColumn('key_hash', 'text', (c) => c.unique())
    // Incremented on every rotation; endpoint tokens carry it and stop working when it moves on.
    .addColumn('key_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('key_rotated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('endpoints_unit_idx').on('endpoints').column('unit_id').execute();

  await db.schema
    .createTable('members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cell_id', 'text', (c) => c.notNull().references('org_units.id'))
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('member_number', 'text', (c) => c.notNull().unique())
    .addColumn('gender', 'text', (c) => c.notNull().check(sql`gender in ('male', 'female')`))
    .addColumn('birth_year', 'integer', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('joined_on', 'text')
    .addColumn('pin_hash', 'text')
    // 1 for generated demo people: they are never to be presented as real.
    .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('members_cell_idx').on('members').column('cell_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('members').execute();
  await db.schema.dropTable('endpoints').execute();
  await db.schema.dropTable('org_units').execute();
}
