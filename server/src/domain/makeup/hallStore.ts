import type { Database, Executor } from '../../store/database.js';
import type { MakeupHallTable } from '../../store/makeupTables.js';

export type HallRow = MakeupHallTable;

/** Hall make-up sessions: which endpoint holds which, replaying which session's recording. */
export class HallStore {
  constructor(readonly db: Database) {}

  bySession(sessionId: string, db: Executor = this.db): Promise<HallRow | undefined> {
    return db.selectFrom('makeup_halls').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
  }

  async insert(row: HallRow): Promise<void> {
    await this.db.insertInto('makeup_halls').values(row).execute();
  }

  /** The endpoint's hall make-ups of a session, newest first. */
  async ofEndpoint(parentSessionId: string, endpointId: string): Promise<HallRow[]> {
    return this.db
      .selectFrom('makeup_halls')
      .selectAll()
      .where('parent_session_id', '=', parentSessionId)
      .where('endpoint_id', '=', endpointId)
      .orderBy('created_at', 'desc')
      .execute();
  }

  /** The hall make-up sessions the endpoint held (they are ended sessions it was invited to, too). */
  async sessionsHeldBy(endpointId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('makeup_halls')
      .select('session_id')
      .where('endpoint_id', '=', endpointId)
      .execute();
    return rows.map((r) => r.session_id);
  }

  /** Hall make-ups not yet credited: live ones among them may be due to end. */
  async uncredited(): Promise<HallRow[]> {
    return this.db.selectFrom('makeup_halls').selectAll().where('credited_at', 'is', null).execute();
  }

  async markCredited(sessionId: string, at: string, trx: Executor): Promise<void> {
    await trx.updateTable('makeup_halls').set({ credited_at: at }).where('session_id', '=', sessionId).execute();
  }
}
