import { randomUUID } from 'node:crypto';
import { sql, type Insertable } from 'kysely';
import type { Database, Executor } from '../../store/database.js';
import type { LinkMinuteTable, LinkPeriodTable } from '../../store/schema.js';

export type LinkMinuteRow = Insertable<LinkMinuteTable>;

/** Rows per INSERT: 21 columns each stays far below every SQL dialect's parameter limit. */
const CHUNK = 200;

const add = (column: keyof LinkMinuteTable) =>
  sql<number>`link_minutes.${sql.ref(column)} + excluded.${sql.ref(column)}`;

/** The lower (or higher) of the stored and the new value, either of which may be null; portable SQL. */
function pick(column: 'bitrate_min' | 'loss_max' | 'score_min', keep: '<' | '>') {
  const stored = sql`link_minutes.${sql.ref(column)}`;
  const incoming = sql`excluded.${sql.ref(column)}`;
  return sql<number | null>`case when ${incoming} is null then ${stored}
    when ${stored} is null or ${incoming} ${sql.raw(keep)} ${stored} then ${incoming} else ${stored} end`;
}

/**
 * Writes of the link quality record (tables link_minutes and link_periods, owned by broadcast).
 * A sample is added into its endpoint's row for the minute (sums and counts, so samples of several
 * nodes or screens add up); periods are opened as they start and closed as they end.
 */
export class LinkStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** One sample per row; rows of the same endpoint and minute (another node's) are added together. */
  async addSamples(rows: readonly LinkMinuteRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.#db
        .insertInto('link_minutes')
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) =>
          oc.columns(['session_id', 'endpoint_id', 'minute']).doUpdateSet({
            samples: add('samples'),
            sampled_ms: add('sampled_ms'),
            video_ms: add('video_ms'),
            layer0_ms: add('layer0_ms'),
            layer1_ms: add('layer1_ms'),
            layer2_ms: add('layer2_ms'),
            audio_only_ms: add('audio_only_ms'),
            bitrate_samples: add('bitrate_samples'),
            bitrate_sum: add('bitrate_sum'),
            bitrate_min: pick('bitrate_min', '<'),
            loss_samples: add('loss_samples'),
            loss_sum: add('loss_sum'),
            loss_max: pick('loss_max', '>'),
            rtt_samples: add('rtt_samples'),
            rtt_sum: add('rtt_sum'),
            score_min: pick('score_min', '<'),
            last_at: sql<string>`case when excluded.last_at > link_minutes.last_at then excluded.last_at
              else link_minutes.last_at end`,
          }),
        )
        .execute();
    }
  }

  async openPeriod(period: Omit<Insertable<LinkPeriodTable>, 'id' | 'ended_at'>): Promise<string> {
    const id = randomUUID();
    await this.#db
      .insertInto('link_periods')
      .values({ ...period, id, ended_at: null })
      .execute();
    return id;
  }

  /** Ends a period unless it has ended already (another node saw the endpoint come back first). */
  async closePeriod(id: string, endedAt: string): Promise<void> {
    await this.#db
      .updateTable('link_periods')
      .set({ ended_at: endedAt })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .execute();
  }

  /** Takes back an outage that turned out to be a departure (the endpoint never came back within the grace). */
  async dropPeriod(id: string): Promise<void> {
    await this.#db.deleteFrom('link_periods').where('id', '=', id).where('ended_at', 'is', null).execute();
  }

  /**
   * Ends the endpoint's periods still open in the session: it is back, and a period left open by a
   * node that went away (or by its other screen's node) ends now.
   */
  async closeOpenOf(sessionId: string, endpointId: string, endedAt: string): Promise<void> {
    await this.#db
      .updateTable('link_periods')
      .set({ ended_at: endedAt })
      .where('session_id', '=', sessionId)
      .where('endpoint_id', '=', endpointId)
      .where('ended_at', 'is', null)
      .where('started_at', '<=', endedAt)
      .execute();
  }

  /**
   * The session ended: its open periods end with it, except outages of a dropped socket, which were
   * departures (the endpoint did not come back before the end).
   */
  async endSession(sessionId: string, endedAt: string, trx: Executor = this.#db): Promise<void> {
    await trx
      .deleteFrom('link_periods')
      .where('session_id', '=', sessionId)
      .where('ended_at', 'is', null)
      .where('kind', '=', 'outage')
      .where('cause', '=', 'socket')
      .execute();
    await trx
      .updateTable('link_periods')
      .set({ ended_at: endedAt })
      .where('session_id', '=', sessionId)
      .where('ended_at', 'is', null)
      .execute();
  }
}
