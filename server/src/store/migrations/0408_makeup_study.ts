import type { Kysely } from 'kysely';

/**
 * Make-up study from a session's recording (#11), by a member alone or in a hall make-up session. Progress is the union of credited media spans
 * (JSON, merged), updated under a version check so two tabs of one member never lose a credit; a
 * playback holds the last accepted heartbeat, against which the next one is judged.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('makeup_study_settings')
    .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('share', 'real')
    .addColumn('max_rate', 'real', (c) => c.notNull())
    .addColumn('deadline', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('makeup_study_assignments')
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('makeup_study_assignments_pk', ['session_id', 'member_id'])
    .execute();
  await db.schema
    .createTable('makeup_study_progress')
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('recording_id', 'text', (c) => c.notNull())
    /** Credited media spans [[startMs, endMs], …], merged and sorted. */
    .addColumn('watched_json', 'text', (c) => c.notNull())
    .addColumn('watched_ms', 'integer', (c) => c.notNull())
    .addColumn('resume_ms', 'integer', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    /** How it was completed: 'individual' (watching) or 'hall' (a hall make-up session). */
    .addColumn('completed_via', 'text')
    /** The hall make-up session that credited it, when `completed_via` is 'hall'. */
    .addColumn('completed_in', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('makeup_study_progress_pk', ['session_id', 'member_id'])
    .execute();
  await db.schema
    .createTable('makeup_study_playbacks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    /** The last accepted heartbeat: -1 before the first. */
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addColumn('last_position_ms', 'integer', (c) => c.notNull())
    /** Server clock (epoch ms) when it arrived: the client's clock is never trusted. */
    .addColumn('last_at_ms', 'integer', (c) => c.notNull())
    .addColumn('last_playing', 'integer', (c) => c.notNull())
    .addColumn('last_rate', 'real', (c) => c.notNull())
    .execute();
  /** A hall make-up: a session of its own, held by one endpoint, replaying `parent_session_id`'s recording. */
  await db.schema
    .createTable('makeup_halls')
    .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
    .addColumn('parent_session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('recording_id', 'text', (c) => c.notNull())
    /** The recording's media time when the hall make-up opened (it is final by then). */
    .addColumn('recording_ms', 'integer', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** When its members' make-up attendance was credited (at its end). */
    .addColumn('credited_at', 'text')
    .execute();
  await db.schema.createIndex('makeup_halls_parent').on('makeup_halls').column('parent_session_id').execute();
  await db.schema
    .createIndex('makeup_study_playbacks_member')
    .on('makeup_study_playbacks')
    .columns(['session_id', 'member_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('makeup_halls').execute();
  await db.schema.dropTable('makeup_study_playbacks').execute();
  await db.schema.dropTable('makeup_study_progress').execute();
  await db.schema.dropTable('makeup_study_assignments').execute();
  await db.schema.dropTable('makeup_study_settings').execute();
}
