import { sql, type Kysely } from 'kysely';

/**
 * Read models that the owning domain publishes over its tables, so others read and join them without
 * touching the tables: org's endpoint and member places, accounts' names (no password hashes),
 * check-in's spans (who was checked in where, from when to when).
 * Plain views: SQLite flattens them into the query that uses them, as PostgreSQL inlines them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
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
  await sql`create view account_names as select id as account_id, display_name, role from accounts`.execute(db);
  await sql`
    create view checkin_spans as
    select session_id, member_id, endpoint_id, checked_in_at, checked_out_at from checkins`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop view checkin_spans`.execute(db);
  await sql`drop view account_names`.execute(db);
  await sql`drop view member_places`.execute(db);
  await sql`drop view endpoint_places`.execute(db);
}
