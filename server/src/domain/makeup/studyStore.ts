import type { Database, Executor } from '../../store/database.js';
import type {
  MakeupStudyPlaybackTable,
  MakeupStudyProgressTable,
  MakeupStudySettingsTable,
} from '../../store/makeupTables.js';

export type ProgressRow = MakeupStudyProgressTable;
export type PlaybackRow = MakeupStudyPlaybackTable;
export type SettingsRow = MakeupStudySettingsTable;

/** The make-up study tables: settings, assignments, progress (version-checked) and playbacks. */
export class StudyStore {
  constructor(readonly db: Database) {}

  settings(sessionId: string, db: Executor = this.db): Promise<SettingsRow | undefined> {
    return db.selectFrom('makeup_study_settings').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
  }

  async saveSettings(row: SettingsRow, trx: Executor): Promise<void> {
    await trx
      .insertInto('makeup_study_settings')
      .values(row)
      .onConflict((oc) =>
        oc.column('session_id').doUpdateSet({
          enabled: row.enabled,
          share: row.share,
          max_rate: row.max_rate,
          deadline: row.deadline,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  async isAssigned(sessionId: string, memberId: string, db: Executor = this.db): Promise<boolean> {
    const row = await db
      .selectFrom('makeup_study_assignments')
      .select('member_id')
      .where('session_id', '=', sessionId)
      .where('member_id', '=', memberId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async assign(sessionId: string, memberIds: readonly string[], by: string, at: string, trx: Executor): Promise<void> {
    await trx
      .insertInto('makeup_study_assignments')
      .values(memberIds.map((member_id) => ({ session_id: sessionId, member_id, assigned_by: by, assigned_at: at })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async assignedMembers(sessionId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('makeup_study_assignments')
      .select('member_id')
      .where('session_id', '=', sessionId)
      .execute();
    return rows.map((r) => r.member_id);
  }

  progress(sessionId: string, memberId: string, db: Executor = this.db): Promise<ProgressRow | undefined> {
    return db
      .selectFrom('makeup_study_progress')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('member_id', '=', memberId)
      .executeTakeFirst();
  }

  sessionProgress(sessionId: string): Promise<ProgressRow[]> {
    return this.db.selectFrom('makeup_study_progress').selectAll().where('session_id', '=', sessionId).execute();
  }

  /** Sessions in which the member has progress (for the member's list). */
  async sessionsWithProgress(memberId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('makeup_study_progress')
      .select('session_id')
      .where('member_id', '=', memberId)
      .execute();
    return rows.map((r) => r.session_id);
  }

  /** Writes the next version; false when another writer got there first (the caller re-reads). */
  async writeProgress(next: ProgressRow, expectedVersion: number | null, trx: Executor): Promise<boolean> {
    if (expectedVersion === null) {
      const inserted = await trx
        .insertInto('makeup_study_progress')
        .values(next)
        .onConflict((oc) => oc.columns(['session_id', 'member_id']).doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
    }
    const updated = await trx
      .updateTable('makeup_study_progress')
      .set({
        watched_json: next.watched_json,
        watched_ms: next.watched_ms,
        resume_ms: next.resume_ms,
        completed_at: next.completed_at,
        version: next.version,
        updated_at: next.updated_at,
      })
      .where('session_id', '=', next.session_id)
      .where('member_id', '=', next.member_id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  async addPlayback(row: PlaybackRow): Promise<void> {
    await this.db.insertInto('makeup_study_playbacks').values(row).execute();
  }

  playback(id: string, db: Executor = this.db): Promise<PlaybackRow | undefined> {
    return db.selectFrom('makeup_study_playbacks').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Moves the playback to this beat only if no other beat was accepted since (`lastSeq` unchanged). */
  async advancePlayback(
    id: string,
    lastSeq: number,
    beat: Pick<PlaybackRow, 'last_seq' | 'last_position_ms' | 'last_at_ms' | 'last_playing' | 'last_rate'>,
    trx: Executor,
  ): Promise<boolean> {
    const updated = await trx
      .updateTable('makeup_study_playbacks')
      .set(beat)
      .where('id', '=', id)
      .where('last_seq', '=', lastSeq)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }
}
