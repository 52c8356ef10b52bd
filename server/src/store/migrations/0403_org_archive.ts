import { sql, type Kysely } from 'kysely';

/**
 * Members and endpoints with records are archived, never deleted: `archived_at` (an ISO instant, null
 * while active). An archived one keeps every record pointing at it but no longer signs in, gets PINs
 * or keys, or is invited. Org's read views carry the column so other domains can leave archived ones out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('members').addColumn('archived_at', 'text').execute();
  await db.schema.alterTable('endpoints').addColumn('archived_at', 'text').execute();
  await sql`drop view member_places`.execute(db);
  await sql`drop view endpoint_places`.execute(db);
  await sql`
    create view endpoint_places as
    select e.id as endpoint_id, e.name as endpoint_name, c.id as commune_id, c.name as commune_name,
           c.code as commune_code, d.id as district_id, d.name as district_name, e.archived_at
    from endpoints e
    join org_units c on c.id = e.unit_id
    left join org_units d on d.id = c.parent_id`.execute(db);
  await sql`
    create view member_places as
    select m.id as member_id, m.member_number, m.full_name, m.cell_id, cell.parent_id as commune_id,
           c.parent_id as district_id, m.archived_at
    from members m
    join org_units cell on cell.id = m.cell_id
    join org_units c on c.id = cell.parent_id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop view member_places`.execute(db);
  await sql`drop view endpoint_places`.execute(db);
  await sql`
    create view endpoint_places as
    select e.id as endpoint_id, e.name as endpoint_name, c.id as commune_id, c.name as commune_name,
           c.code as commune_code, d.id as district_id, d.name as district_name
    from endpoints e
    join org_units c on c.id = e.unit_id
    left join org_units d on d.id = c.parent_id`.execute(db);
  await sql`
    create view member_places as
    select m.id as member_id, m.member_number, m.full_name, m.cell_id, cell.parent_id as commune_id,
           c.parent_id as district_id
    from members m
    join org_units cell on cell.id = m.cell_id
    join org_units c on c.id = cell.parent_id`.execute(db);
  await db.schema.alterTable('endpoints').dropColumn('archived_at').execute();
  await db.schema.alterTable('members').dropColumn('archived_at').execute();
}
