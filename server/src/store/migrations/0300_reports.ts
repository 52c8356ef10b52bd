import { sql, type Kysely } from 'kysely';

/**
 * Reports that outlive their session: one row per report (its id is its BullMQ job id, so asking
 * twice finds the same row), its result as JSON, and the export files the job built.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('session', 'range')`))
    .addColumn('session_id', 'text', (c) => c.references('sessions.id').onDelete('cascade'))
    .addColumn('params_json', 'text', (c) => c.notNull())
    .addColumn('data_version', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'running', 'done', 'failed')`))
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    // How many times a worker started building it (a retry after a crash counts again).
    .addColumn('runs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result_json', 'text')
    .addColumn('error', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema.createIndex('reports_kind_created_idx').on('reports').columns(['kind', 'created_at']).execute();
  await db.schema.createIndex('reports_session_idx').on('reports').column('session_id').execute();

  await db.schema
    .createTable('report_files')
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('xlsx', 'csv')`))
    // The table a CSV holds; '' for the workbook (every table, one sheet each).
    .addColumn('table_key', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content', 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_files_pk', ['report_id', 'format', 'table_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('report_files').execute();
  await db.schema.dropTable('reports').execute();
}
