import { randomUUID } from 'node:crypto';
import type { RollCall } from '@diem-cau/shared';
import type { ClusterTimers, TimerKind } from '../../redis/clusterTimers.js';
import type { Database } from '../../store/database.js';
import { broadcastErrors } from './errors.js';

/** The closed roll call is pushed this long after its deadline (an answer on its way at the deadline is in). */
export const ROLL_CALL_CLOSE_DELAY_MS = 50;

/**
 * Roll calls of endpoints (điểm danh điểm cầu). Stored before they are acknowledged: a roll call
 * with the endpoints expected to answer, and each answer with the server's time. The server's
 * deadline is authoritative; its close is pushed by a cluster timer, once, by whichever node is
 * alive then.
 */
export class RollCallService {
  readonly #db: Database;
  readonly #closeTimer: TimerKind<{ sessionId: string; rollCallId: string }>;
  readonly #onChange: (sessionId: string, state: RollCall) => void;

  constructor(
    db: Database,
    timers: Pick<ClusterTimers, 'define'>,
    onChange: (sessionId: string, state: RollCall) => void,
  ) {
    this.#db = db;
    this.#onChange = onChange;
    this.#closeTimer = timers.define('broadcast.rollCallClose', async ({ sessionId, rollCallId }) => {
      const state = await this.#find(rollCallId);
      if (state) this.#onChange(sessionId, state);
    });
  }

  async start(
    sessionId: string,
    startedBy: string,
    durationSeconds: number,
    expected: { endpointId: string; name: string }[],
    now = Date.now(),
  ): Promise<RollCall> {
    const id = randomUUID();
    const deadline = now + durationSeconds * 1000;
    await this.#db.transaction().execute(async (trx) => {
      // Checked inside the transaction that inserts (the store runs one at a time), so two starts at
      // the same moment cannot both open a roll call.
      const open = await trx
        .selectFrom('roll_calls')
        .select('id')
        .where('session_id', '=', sessionId)
        .where('deadline', '>', new Date(now).toISOString())
        .executeTakeFirst();
      if (open) throw broadcastErrors.rollCallOpen();
      await trx
        .insertInto('roll_calls')
        .values({
          id,
          session_id: sessionId,
          started_by: startedBy,
          started_at: new Date(now).toISOString(),
          deadline: new Date(deadline).toISOString(),
        })
        .execute();
      if (expected.length > 0) {
        await trx
          .insertInto('roll_call_expected')
          .values(expected.map((e) => ({ roll_call_id: id, endpoint_id: e.endpointId, endpoint_name: e.name })))
          .execute();
      }
    });
    await this.#closeTimer.schedule(id, deadline + ROLL_CALL_CLOSE_DELAY_MS, { sessionId, rollCallId: id });
    const state = await this.#load(id);
    this.#onChange(sessionId, state);
    return state;
  }

  /**
   * An endpoint that connected after the roll call started is expected too: adds it to the open
   * roll call of the session (if any, and if not listed yet) and tells the session.
   */
  async addExpected(
    sessionId: string,
    endpoints: { endpointId: string; name: string }[],
    now = Date.now(),
  ): Promise<RollCall | null> {
    const row = await this.#db
      .selectFrom('roll_calls')
      .select(['id', 'deadline'])
      .where('session_id', '=', sessionId)
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row || now > Date.parse(row.deadline) || endpoints.length === 0) return null;
    const inserted = await this.#db
      .insertInto('roll_call_expected')
      .values(endpoints.map((e) => ({ roll_call_id: row.id, endpoint_id: e.endpointId, endpoint_name: e.name })))
      .onConflict((oc) => oc.columns(['roll_call_id', 'endpoint_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return null;
    const state = await this.#load(row.id);
    this.#onChange(sessionId, state);
    return state;
  }

  /**
   * Records an endpoint's answer (idempotent); DEADLINE_PASSED after the deadline. An endpoint not
   * yet on the expected list (it connected while the roll call was starting) is added with its answer.
   */
  async confirm(
    sessionId: string,
    rollCallId: string,
    endpoint: { endpointId: string; name: string },
    now = Date.now(),
  ): Promise<{ answeredAt: number }> {
    const { endpointId } = endpoint;
    const row = await this.#db.selectFrom('roll_calls').selectAll().where('id', '=', rollCallId).executeTakeFirst();
    if (!row || row.session_id !== sessionId) throw broadcastErrors.rollCallNotFound();
    if (now > Date.parse(row.deadline)) throw broadcastErrors.rollCallClosed();
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .insertInto('roll_call_expected')
        .values({ roll_call_id: rollCallId, endpoint_id: endpointId, endpoint_name: endpoint.name })
        .onConflict((oc) => oc.columns(['roll_call_id', 'endpoint_id']).doNothing())
        .execute();
      await trx
        .insertInto('roll_call_answers')
        .values({ roll_call_id: rollCallId, endpoint_id: endpointId, answered_at: new Date(now).toISOString() })
        .onConflict((oc) => oc.columns(['roll_call_id', 'endpoint_id']).doNothing())
        .execute();
    });
    const answer = await this.#db
      .selectFrom('roll_call_answers')
      .select('answered_at')
      .where('roll_call_id', '=', rollCallId)
      .where('endpoint_id', '=', endpointId)
      .executeTakeFirstOrThrow();
    this.#onChange(sessionId, await this.#load(rollCallId));
    return { answeredAt: Date.parse(answer.answered_at) };
  }

  /** The session's most recent roll call, or null. */
  async latest(sessionId: string): Promise<RollCall | null> {
    const row = await this.#db
      .selectFrom('roll_calls')
      .select('id')
      .where('session_id', '=', sessionId)
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? this.#load(row.id) : null;
  }

  /** When the roll call's close is pushed (for tests and diagnostics), or null once it was. */
  closesAt(rollCallId: string): Promise<number | null> {
    return this.#closeTimer.dueAt(rollCallId);
  }

  async #load(rollCallId: string): Promise<RollCall> {
    const state = await this.#find(rollCallId);
    if (!state) throw broadcastErrors.rollCallNotFound();
    return state;
  }

  /** The roll call as stored, or undefined when there is none (a session's data deleted meanwhile). */
  async #find(rollCallId: string): Promise<RollCall | undefined> {
    const row = await this.#db.selectFrom('roll_calls').selectAll().where('id', '=', rollCallId).executeTakeFirst();
    if (!row) return undefined;
    const expected = await this.#db
      .selectFrom('roll_call_expected')
      .select(['endpoint_id', 'endpoint_name'])
      .where('roll_call_id', '=', rollCallId)
      .orderBy('endpoint_name')
      .execute();
    const answers = await this.#db
      .selectFrom('roll_call_answers')
      .select(['endpoint_id', 'answered_at'])
      .where('roll_call_id', '=', rollCallId)
      .orderBy('answered_at')
      .execute();
    const deadline = Date.parse(row.deadline);
    return {
      rollCallId,
      startedAt: Date.parse(row.started_at),
      deadline,
      closed: Date.now() > deadline,
      expected: expected.map((e) => ({ endpointId: e.endpoint_id, name: e.endpoint_name })),
      answers: answers.map((a) => ({ endpointId: a.endpoint_id, answeredAt: Date.parse(a.answered_at) })),
    };
  }
}
