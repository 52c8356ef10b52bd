import { sql, type Kysely } from 'kysely';

/**
 * Recordings (#11): one per session; its media in the file store, never in SQL rows. A run is one
 * recorder process's life (a go-live, a resume, a restart after a crash); a segment is a closed,
 * self-contained file of a run, inserted as it closes, so what a crash leaves is exactly what the
 * rows name. Media time is the main track's runs laid end to end: a run's `media_start_ms` is where
 * it begins on that clock, and the wall time between runs is a gap (`gap_reason` of the later run).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('recordings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().unique().references('sessions.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('recording', 'paused', 'stopped', 'processing', 'ready', 'failed')`),
    )
    .addColumn('started_at', 'text')
    .addColumn('ended_at', 'text')
    /** Main-track media time stored so far (sum of its segments). */
    .addColumn('duration_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('size_bytes', 'integer', (c) => c.notNull().defaultTo(0))
    /** One-file renditions of the main track (keys in the file store), once the finalize job made them. */
    .addColumn('archive_key', 'text')
    .addColumn('phone_key', 'text')
    .addColumn('phone_ready_at', 'text')
    .addColumn('download_state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('none')
        .check(sql`download_state in ('none', 'queued', 'running', 'done', 'failed')`),
    )
    .addColumn('download_progress', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('download_key', 'text')
    .addColumn('download_bytes', 'integer')
    .addColumn('failure', 'text')
    /** Deleted by an admin (audited) or by retention: its files and segments are gone, the row stays. */
    .addColumn('deleted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  /** A session whose host turned recording off (or on again): absent means on, the default. */
  await db.schema
    .createTable('recording_settings')
    .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('recording_runs')
    .addColumn('recording_id', 'text', (c) => c.notNull().references('recordings.id').onDelete('cascade'))
    .addColumn('track', 'text', (c) => c.notNull().check(sql`track in ('main', 'phone', 'screen', 'floor')`))
    .addColumn('run', 'integer', (c) => c.notNull())
    /** Epoch ms of the run's media time 0 (wall clock of the recorder's start). */
    .addColumn('started_ms', 'integer', (c) => c.notNull())
    /** Epoch ms of the run's last stored segment end; null until one is stored. */
    .addColumn('ended_ms', 'integer')
    /** Where the run starts on the recording's media time. */
    .addColumn('media_start_ms', 'integer', (c) => c.notNull())
    /** Why there is a gap before this run: 'paused', 'outage'; null for the first run or none. */
    .addColumn('gap_reason', 'text')
    /** Who held the floor (floor runs), or the producer's label. */
    .addColumn('label', 'text')
    /** Set when the run ended: 'stopped', 'paused', 'failed', 'input-lost', 'crashed'. */
    .addColumn('end_reason', 'text')
    .addPrimaryKeyConstraint('recording_runs_pk', ['recording_id', 'track', 'run'])
    .execute();
  await db.schema
    .createTable('recording_segments')
    .addColumn('recording_id', 'text', (c) => c.notNull().references('recordings.id').onDelete('cascade'))
    .addColumn('track', 'text', (c) => c.notNull())
    .addColumn('run', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    /** Media time within the run. */
    .addColumn('start_ms', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('stored_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recording_segments_pk', ['recording_id', 'track', 'run', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('recording_segments').execute();
  await db.schema.dropTable('recording_runs').execute();
  await db.schema.dropTable('recording_settings').execute();
  await db.schema.dropTable('recordings').execute();
}
