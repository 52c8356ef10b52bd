import { sql, type Kysely } from 'kysely';

/**
 * The quality record of each endpoint's link (broadcast domain). The server samples every endpoint
 * every LINK_SAMPLE_SECONDS and adds each sample into the endpoint's row for that minute, so
 * 300 endpoints × 3 h make 54,000 rows (one sixth of the raw samples at 10 s) and a restart loses at
 * most the sample being taken: the row is updated as each sample is taken, never held in memory.
 * Sums and counts (not means) are stored so samples from several nodes or screens add up.
 * Outages and audio-only periods are rows of their own with their exact start and end.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('link_minutes')
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    /** ISO time of the minute's start (UTC). */
    .addColumn('minute', 'text', (c) => c.notNull())
    .addColumn('samples', 'integer', (c) => c.notNull())
    /** Time the samples stand for (each one its sampling period). */
    .addColumn('sampled_ms', 'integer', (c) => c.notNull())
    .addColumn('video_ms', 'integer', (c) => c.notNull())
    .addColumn('layer0_ms', 'integer', (c) => c.notNull())
    .addColumn('layer1_ms', 'integer', (c) => c.notNull())
    .addColumn('layer2_ms', 'integer', (c) => c.notNull())
    .addColumn('audio_only_ms', 'integer', (c) => c.notNull())
    .addColumn('bitrate_samples', 'integer', (c) => c.notNull())
    .addColumn('bitrate_sum', 'real', (c) => c.notNull())
    .addColumn('bitrate_min', 'real')
    .addColumn('loss_samples', 'integer', (c) => c.notNull())
    .addColumn('loss_sum', 'real', (c) => c.notNull())
    .addColumn('loss_max', 'real')
    .addColumn('rtt_samples', 'integer', (c) => c.notNull())
    .addColumn('rtt_sum', 'real', (c) => c.notNull())
    .addColumn('score_min', 'integer')
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('link_minutes_pk', ['session_id', 'endpoint_id', 'minute'])
    .execute();
  await db.schema
    .createTable('link_periods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('outage', 'audio_only')`))
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    /** Null while the period lasts. */
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema
    .createIndex('link_periods_endpoint')
    .on('link_periods')
    .columns(['session_id', 'endpoint_id', 'started_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('link_periods').execute();
  await db.schema.dropTable('link_minutes').execute();
}
