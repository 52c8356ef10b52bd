import type { Selectable } from 'kysely';
import type { ReportInfo } from '@diem-cau/shared';
import type { StoredFile } from '../../files/fileStore.js';
import type { Database } from '../../store/database.js';
import type { ReportFileTable, ReportTable } from '../../store/schema.js';

export type ReportRow = Selectable<ReportTable>;
export type ReportFileRow = Pick<
  Selectable<ReportFileTable>,
  'filename' | 'storage_key' | 'size_bytes' | 'sha256' | 'created_at' | 'content'
>;

function parseParams(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Queries on the reports and report_files tables. */
export class ReportStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  get(id: string): Promise<ReportRow | undefined> {
    return this.#db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Inserts a queued report unless one with this id exists; returns the stored row either way. */
  async ensure(row: {
    id: string;
    kind: ReportRow['kind'];
    sessionId: string | null;
    params: Record<string, unknown>;
    dataVersion: string;
    requestedBy: string;
  }): Promise<ReportRow> {
    await this.#db
      .insertInto('reports')
      .values({
        id: row.id,
        kind: row.kind,
        session_id: row.sessionId,
        params_json: JSON.stringify(row.params),
        data_version: row.dataVersion,
        status: 'queued',
        result_json: null,
        error: null,
        requested_by: row.requestedBy,
        created_at: new Date().toISOString(),
        started_at: null,
        completed_at: null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const stored = await this.get(row.id);
    if (!stored) throw new Error(`report ${row.id} vanished`);
    return stored;
  }

  /** A failed report asked for again goes back to the queue. */
  async requeue(id: string): Promise<void> {
    await this.#db
      .updateTable('reports')
      .set({ status: 'queued', error: null, progress: 0 })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .execute();
  }

  /** A worker starts (or restarts after a crash) building it. */
  async markRunning(id: string): Promise<void> {
    await this.#db
      .updateTable('reports')
      .set((eb) => ({ status: 'running', progress: 0, runs: eb('runs', '+', 1), started_at: new Date().toISOString() }))
      .where('id', '=', id)
      .execute();
  }

  async setProgress(id: string, progress: number): Promise<void> {
    await this.#db
      .updateTable('reports')
      .set({ progress })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.#db
      .updateTable('reports')
      .set({ status: 'failed', error: error.slice(0, 500) })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Result and the rows of its files (already in the file store) land in one transaction: a report
   * is either complete or not done.
   */
  async complete(
    id: string,
    resultJson: string,
    files: { format: 'xlsx' | 'csv'; tableKey: string; filename: string; stored: StoredFile }[],
  ): Promise<void> {
    const now = new Date().toISOString();
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('report_files').where('report_id', '=', id).execute();
      for (const f of files) {
        await trx
          .insertInto('report_files')
          .values({
            report_id: id,
            format: f.format,
            table_key: f.tableKey,
            filename: f.filename,
            content: Buffer.alloc(0),
            storage_key: f.stored.key,
            size_bytes: f.stored.sizeBytes,
            sha256: f.stored.sha256,
            created_at: now,
          })
          .execute();
      }
      await trx
        .updateTable('reports')
        .set({ status: 'done', progress: 100, result_json: resultJson, error: null, completed_at: now })
        .where('id', '=', id)
        .execute();
    });
  }

  listFiles(id: string): Promise<{ format: 'xlsx' | 'csv'; table_key: string; filename: string }[]> {
    return this.#db
      .selectFrom('report_files')
      .select(['format', 'table_key', 'filename'])
      .where('report_id', '=', id)
      .orderBy('format', 'desc')
      .execute();
  }

  /**
   * A file's row: `storage_key` null and its bytes in `content` until it is moved to the file store
   * (then `content` is empty). One read, so a row moved meanwhile is never half read.
   */
  getFile(id: string, format: 'xlsx' | 'csv', tableKey: string): Promise<ReportFileRow | undefined> {
    return this.#db
      .selectFrom('report_files')
      .select(['filename', 'storage_key', 'size_bytes', 'sha256', 'created_at', 'content'])
      .where('report_id', '=', id)
      .where('format', '=', format)
      .where('table_key', '=', tableKey)
      .executeTakeFirst();
  }

  list(
    filter: { kind?: ReportRow['kind']; sessionId?: string; sessionIds?: string[] },
    limit = 50,
  ): Promise<ReportRow[]> {
    let q = this.#db.selectFrom('reports').selectAll();
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.sessionId) q = q.where('session_id', '=', filter.sessionId);
    if (filter.sessionIds)
      q = filter.sessionIds.length ? q.where('session_id', 'in', filter.sessionIds) : q.where('id', '=', '');
    return q.orderBy('created_at', 'desc').limit(limit).execute();
  }

  async info(row: ReportRow): Promise<ReportInfo> {
    const files = await this.listFiles(row.id);
    return {
      id: row.id,
      kind: row.kind,
      sessionId: row.session_id,
      params: parseParams(row.params_json),
      status: row.status,
      progress: row.progress,
      runs: row.runs,
      error: row.error,
      createdAt: row.created_at,
      completedAt: row.completed_at,
      files: files.map((f) => ({ format: f.format, table: f.table_key, filename: f.filename })),
    };
  }
}
