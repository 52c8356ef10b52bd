import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { RecordingState, RecordingTrack } from '@diem-cau/shared';
import type { Database } from '../../store/database.js';
import type { RecordingRunTable, RecordingSegmentTable, RecordingTable } from '../../store/recordingTables.js';

export type RecordingRow = RecordingTable;
export type RunRow = RecordingRunTable;
export type SegmentRow = RecordingSegmentTable;

/** The recording domain's rows: recordings, their runs and their stored segments. */
export class RecordingStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  byId(id: string): Promise<RecordingRow | undefined> {
    return this.#db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  bySession(sessionId: string): Promise<RecordingRow | undefined> {
    return this.#db.selectFrom('recordings').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
  }

  /** The session's recording, created on its first go-live; never a second one for a session. */
  async ensure(sessionId: string, now: Date): Promise<RecordingRow> {
    await this.#db
      .insertInto('recordings')
      .values({
        id: randomUUID(),
        session_id: sessionId,
        state: 'recording',
        started_at: now.toISOString(),
        ended_at: null,
        duration_ms: 0,
        size_bytes: 0,
        download_state: 'none',
        download_progress: 0,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.column('session_id').doNothing())
      .execute();
    return (await this.bySession(sessionId))!;
  }

  async enabled(sessionId: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('recording_settings')
      .select('enabled')
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    return row === undefined || Number(row.enabled) === 1;
  }

  async setEnabled(sessionId: string, enabled: boolean, at: string): Promise<void> {
    await this.#db
      .insertInto('recording_settings')
      .values({ session_id: sessionId, enabled: enabled ? 1 : 0, updated_at: at })
      .onConflict((oc) => oc.column('session_id').doUpdateSet({ enabled: enabled ? 1 : 0, updated_at: at }))
      .execute();
  }

  async setState(id: string, state: RecordingState, extra: Partial<RecordingRow> = {}): Promise<void> {
    await this.#db
      .updateTable('recordings')
      .set({ ...extra, state })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Removes a recording that holds no media (turned off before its first segment closed), with its
   * runs; one with a segment is never removed here. True when it was removed.
   */
  async removeIfEmpty(id: string): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const segment = await trx
        .selectFrom('recording_segments')
        .select('seq')
        .where('recording_id', '=', id)
        .limit(1)
        .executeTakeFirst();
      if (segment) return false;
      await trx.deleteFrom('recording_runs').where('recording_id', '=', id).execute();
      const removed = await trx.deleteFrom('recordings').where('id', '=', id).executeTakeFirst();
      return Number(removed.numDeletedRows) === 1;
    });
  }

  async update(id: string, values: Partial<RecordingRow>): Promise<void> {
    await this.#db.updateTable('recordings').set(values).where('id', '=', id).execute();
  }

  /** Recordings not in one of `states`, oldest first (retention, the storage page). */
  list(options: { states?: RecordingState[]; endedBefore?: string } = {}): Promise<RecordingRow[]> {
    let q = this.#db.selectFrom('recordings').selectAll().where('deleted_at', 'is', null).orderBy('created_at');
    if (options.states) q = q.where('state', 'in', options.states);
    if (options.endedBefore) q = q.where('ended_at', '<', options.endedBefore);
    return q.execute();
  }

  /** The next run number of a track; the run's row is written before its recorder starts. */
  async startRun(
    recordingId: string,
    track: RecordingTrack,
    values: { startedMs: number; mediaStartMs: number; gapReason: RunRow['gap_reason']; label: string | null },
  ): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const last = await this.#db
        .selectFrom('recording_runs')
        .select((eb) => eb.fn.max('run').as('run'))
        .where('recording_id', '=', recordingId)
        .where('track', '=', track)
        .executeTakeFirst();
      const run = Number(last?.run ?? 0) + 1;
      try {
        await this.#db
          .insertInto('recording_runs')
          .values({
            recording_id: recordingId,
            track,
            run,
            started_ms: values.startedMs,
            ended_ms: null,
            media_start_ms: values.mediaStartMs,
            gap_reason: values.gapReason,
            label: values.label,
            end_reason: null,
          })
          .execute();
        return run;
      } catch (error) {
        // Another node took the number in between (a race of two hosts' nodes): take the next.
        if (attempt >= 3) throw error;
      }
    }
  }

  async endRun(recordingId: string, track: RecordingTrack, run: number, reason: string): Promise<void> {
    await this.#db
      .updateTable('recording_runs')
      .set({ end_reason: reason })
      .where('recording_id', '=', recordingId)
      .where('track', '=', track)
      .where('run', '=', run)
      .where('end_reason', 'is', null)
      .execute();
  }

  /** Runs left open by a recorder whose node died and never recovered them: ended with `reason`. */
  async endOpenRuns(recordingId: string, reason: string): Promise<number> {
    const result = await this.#db
      .updateTable('recording_runs')
      .set({ end_reason: reason })
      .where('recording_id', '=', recordingId)
      .where('end_reason', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  runs(recordingId: string): Promise<RunRow[]> {
    return this.#db
      .selectFrom('recording_runs')
      .selectAll()
      .where('recording_id', '=', recordingId)
      .orderBy('track')
      .orderBy('run')
      .execute();
  }

  segments(recordingId: string, track?: RecordingTrack): Promise<SegmentRow[]> {
    let q = this.#db.selectFrom('recording_segments').selectAll().where('recording_id', '=', recordingId);
    if (track) q = q.where('track', '=', track);
    return q.orderBy('track').orderBy('run').orderBy('seq').execute();
  }

  /**
   * A closed segment, stored: its row, the run's end and the recording's totals in one transaction.
   * A segment already stored (recovered twice) changes nothing: false.
   */
  async addSegment(row: SegmentRow, runStartedMs: number): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('recording_segments')
        .values(row)
        .onConflict((oc) => oc.columns(['recording_id', 'track', 'run', 'seq']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await trx
        .updateTable('recording_runs')
        .set({ ended_ms: runStartedMs + row.start_ms + row.duration_ms })
        .where('recording_id', '=', row.recording_id)
        .where('track', '=', row.track)
        .where('run', '=', row.run)
        .execute();
      await trx
        .updateTable('recordings')
        .set({
          size_bytes: sql`size_bytes + ${row.size_bytes}`,
          ...(row.track === 'main' ? { duration_ms: sql`duration_ms + ${row.duration_ms}` } : {}),
        })
        .where('id', '=', row.recording_id)
        .execute();
      return true;
    });
  }

  /** Where the next main run starts on media time: what is stored of the main track. */
  async mainMediaMs(recordingId: string): Promise<number> {
    const row = await this.#db
      .selectFrom('recording_segments')
      .select((eb) => eb.fn.sum<number>('duration_ms').as('ms'))
      .where('recording_id', '=', recordingId)
      .where('track', '=', 'main')
      .executeTakeFirst();
    return Number(row?.ms ?? 0);
  }

  /** The files are gone: the segments' rows go, the recording's row stays, marked deleted (evidence refers to it). */
  /** False when it was already deleted (by another node's retention run, say). */
  async markDeleted(id: string, at: string): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const marked = await trx
        .updateTable('recordings')
        .set({
          deleted_at: at,
          archive_key: null,
          phone_key: null,
          download_key: null,
          download_state: 'none',
          size_bytes: 0,
        })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(marked.numUpdatedRows) === 0) return false;
      await trx.deleteFrom('recording_segments').where('recording_id', '=', id).execute();
      return true;
    });
  }
}
