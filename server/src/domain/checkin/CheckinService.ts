import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Checkin, Identity } from '@diem-cau/shared';
import { resolveAuthSecret } from '../../auth/secret.js';
import type { AppContext } from '../../context/types.js';
import type { DatabaseSchema } from '../../store/schema.js';
import { isUniqueViolation } from '../../store/constraints.js';
import { isJoinable, sessionErrors } from '../sessions/index.js';
import { CHECKIN_STEP_MS, checkinCode, deriveCheckinKey, stepAt, verifyCheckinCode } from './codes.js';
import { checkinErrors } from './errors.js';
import { orgQueries } from '../org/index.js';
import type { SessionService } from '../sessions/index.js';

/** Wrong codes a member may send per session within FAILURE_WINDOW_S (from the first) before RATE_LIMITED. */
export const MAX_FAILURES = 10;
const FAILURE_WINDOW_S = 600;

type Trx = Transaction<DatabaseSchema>;

/**
 * Member check-in that proves presence: the endpoint's screen shows a code that changes every
 * 30 s (codes.ts); a member who types or scans it is checked in at that endpoint (one open
 * `checkins` row per member and session, written before the ack). Leaving, moving to another
 * endpoint and the session's end check the member out.
 */
export class CheckinService {
  readonly #ctx: AppContext;
  readonly #key: Buffer;
  readonly #sessions: SessionService;
  /**
   * Wrong codes per session and member, in Redis (every node counts together). While Redis is
   * unreachable each node counts in its own memory instead, so a hall keeps checking in through a
   * Redis restart, with the same limit per node.
   */
  readonly #failures: RateLimiterRedis;
  readonly #changeListeners: ((sessionId: string) => void)[] = [];

  constructor(ctx: AppContext, deps: { sessions: SessionService }) {
    this.#sessions = deps.sessions;
    this.#ctx = ctx;
    this.#key = deriveCheckinKey(resolveAuthSecret(ctx.config.authSecret, ctx.config.dataDir));
    this.#failures = new RateLimiterRedis({
      storeClient: ctx.redis.main,
      keyPrefix: `${ctx.redisPrefix}:checkin:fail`,
      points: MAX_FAILURES,
      duration: FAILURE_WINDOW_S,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points: MAX_FAILURES, duration: FAILURE_WINDOW_S }),
    });
  }

  /** Calls `listener(sessionId)` whenever a session's check-ins change (the attendance panel subscribes). */
  onChange(listener: (sessionId: string) => void): void {
    this.#changeListeners.push(listener);
  }

  #changed(sessionId: string): void {
    for (const listener of this.#changeListeners) listener(sessionId);
  }

  start(): void {
    const hooks = this.#sessions.hooks;
    hooks.onJoin(async ({ sessionId, identity, socketId }) => {
      if (identity.role === 'endpoint') await this.reopenAfterRestart(sessionId, identity.subject);
      if (identity.role === 'member') {
        const open = await this.#open(this.#ctx.db, sessionId, identity.subject);
        if (open) this.#ctx.live.join({ socket: socketId }, { session: sessionId, endpoint: open.endpoint_id });
      }
    });
    hooks.onStatusChange(async (change, trx) => {
      if (change.to !== 'ended') return;
      await trx
        .updateTable('checkins')
        .set({ checked_out_at: change.at, checkout_reason: 'session_ended' })
        .where('session_id', '=', change.sessionId)
        .where('checked_out_at', 'is', null)
        .execute();
    });
  }

  /** The code endpoint `endpointId` shows now, and when it changes. */
  async currentCode(sessionId: string, endpointId: string, now = Date.now()) {
    const step = stepAt(now);
    const row = await this.#ctx.db
      .selectFrom('checkins')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('session_id', '=', sessionId)
      .where('endpoint_id', '=', endpointId)
      .where('checked_out_at', 'is', null)
      .executeTakeFirstOrThrow();
    return {
      sessionId,
      endpointId,
      code: checkinCode(this.#key, sessionId, endpointId, step),
      step,
      stepSeconds: CHECKIN_STEP_MS / 1000,
      expiresAt: (step + 1) * CHECKIN_STEP_MS,
      serverTime: now,
      checkedIn: Number(row.n),
    };
  }

  /** Checks a member in with a code (see the `checkin:submit` contract in shared/). */
  async submit(
    socketId: string,
    member: Identity,
    sessionId: string,
    code: string,
    endpointId?: string,
  ): Promise<Checkin & { already: boolean }> {
    const session = await this.#sessions.requireSession(sessionId);
    if (!isJoinable(session.status)) throw sessionErrors.wrongStatus(session.status);
    const invited = (await this.#sessions.listInvitedEndpoints(sessionId)).map((e) => e.endpointId);
    const candidates = endpointId ? invited.filter((e) => e === endpointId) : invited;
    // Every code costs a point before it is checked (one atomic INCR in Redis), and a right one gets
    // it back: concurrent wrong codes cannot check more than MAX_FAILURES codes per window.
    const failKey = `${sessionId}:${member.subject}`;
    try {
      await this.#failures.consume(failKey);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw checkinErrors.tooManyWrongCodes();
      throw error;
    }
    const check = verifyCheckinCode(this.#key, sessionId, candidates, code, Date.now());
    if (!check.ok) throw checkinErrors.wrongCode(check.reason);
    await this.#failures.reward(failKey);
    const result = await this.#checkIn(sessionId, member.subject, check.endpointId);
    // Every phone of this member follows it to the endpoint's room (quizzes are per endpoint).
    if (result.previous && result.previous !== check.endpointId) {
      this.#ctx.live.leave(
        { session: sessionId, member: member.subject },
        { session: sessionId, endpoint: result.previous },
      );
    }
    this.#ctx.live.join(
      { session: sessionId, member: member.subject },
      { session: sessionId, endpoint: check.endpointId },
    );
    this.#ctx.live.join({ socket: socketId }, { session: sessionId, endpoint: check.endpointId });
    const checkin = await this.#describe(check.endpointId, result.checkedInAt);
    if (!result.already) {
      this.#ctx.live.emit(
        { session: sessionId, member: member.subject },
        'checkin:changed',
        { checkin },
        { except: socketId },
      );
      this.#changed(sessionId);
    }
    return { ...checkin, already: result.already };
  }

  /** Checks the member out (reason `left`). */
  async leave(socketId: string, sessionId: string, memberId: string): Promise<boolean> {
    const open = await this.#open(this.#ctx.db, sessionId, memberId);
    if (!open) return false;
    const result = await this.#ctx.db
      .updateTable('checkins')
      .set({ checked_out_at: new Date().toISOString(), checkout_reason: 'left' })
      .where('id', '=', open.id)
      .where('checked_out_at', 'is', null)
      .executeTakeFirst();
    this.#ctx.live.leave({ session: sessionId, member: memberId }, { session: sessionId, endpoint: open.endpoint_id });
    this.#ctx.live.emit(
      { session: sessionId, member: memberId },
      'checkin:changed',
      { checkin: null },
      { except: socketId },
    );
    this.#changed(sessionId);
    return Number(result.numUpdatedRows) === 1;
  }

  async status(sessionId: string, memberId: string): Promise<Checkin | null> {
    const open = await this.#open(this.#ctx.db, sessionId, memberId);
    return open ? this.#describe(open.endpoint_id, open.checked_in_at) : null;
  }

  /**
   * The endpoint's connection was lost with its node (crash or shutdown): its members' check-ins
   * end when its last interval did (reason `server_restart`); see reopenAfterRestart.
   */
  async closeForLostEndpoint(trx: Trx, sessionId: string, endpointId: string, at: string): Promise<void> {
    const open = await trx
      .selectFrom('checkins')
      .select(['id', 'checked_in_at'])
      .where('session_id', '=', sessionId)
      .where('endpoint_id', '=', endpointId)
      .where('checked_out_at', 'is', null)
      .execute();
    for (const c of open) {
      const end = c.checked_in_at > at ? c.checked_in_at : at;
      await trx
        .updateTable('checkins')
        .set({ checked_out_at: end, checkout_reason: 'server_restart' })
        .where('id', '=', c.id)
        .where('checked_out_at', 'is', null)
        .execute();
    }
  }

  /**
   * The endpoint is back after a restart: members whose last check-in there ended with the restart
   * (and who have not checked in anywhere since) are checked in again from now.
   */
  async reopenAfterRestart(sessionId: string, endpointId: string): Promise<number> {
    const now = new Date().toISOString();
    return this.#ctx.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('checkins as c')
        .select('c.member_id')
        .distinct()
        .where('c.session_id', '=', sessionId)
        .where('c.endpoint_id', '=', endpointId)
        .where('c.checkout_reason', '=', 'server_restart')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('checkins as later')
                .select('later.id')
                .whereRef('later.session_id', '=', 'c.session_id')
                .whereRef('later.member_id', '=', 'c.member_id')
                .where((eb) =>
                  eb.or([
                    eb('later.checked_out_at', 'is', null),
                    eb('later.checked_in_at', '>', eb.ref('c.checked_in_at')),
                  ]),
                ),
            ),
          ),
        )
        .execute();
      for (const r of rows) {
        await trx
          .insertInto('checkins')
          .values({
            id: randomUUID(),
            session_id: sessionId,
            member_id: r.member_id,
            endpoint_id: endpointId,
            checked_in_at: now,
            checked_out_at: null,
            checkout_reason: null,
          })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      if (rows.length > 0) this.#changed(sessionId);
      return rows.length;
    });
  }

  async #checkIn(
    sessionId: string,
    memberId: string,
    endpointId: string,
  ): Promise<{ already: boolean; checkedInAt: string; previous: string | null }> {
    try {
      return await this.#checkInOnce(sessionId, memberId, endpointId);
    } catch (error) {
      // Two phones of the member checked in at once and the other won the one-open-check-in index
      // (PostgreSQL runs a node's transactions side by side): read again what it wrote.
      if (!isUniqueViolation(error)) throw error;
      return this.#checkInOnce(sessionId, memberId, endpointId);
    }
  }

  #checkInOnce(
    sessionId: string,
    memberId: string,
    endpointId: string,
  ): Promise<{ already: boolean; checkedInAt: string; previous: string | null }> {
    return this.#ctx.db.transaction().execute(async (trx) => {
      const open = await this.#open(trx, sessionId, memberId);
      if (open?.endpoint_id === endpointId)
        return { already: true, checkedInAt: open.checked_in_at, previous: endpointId };
      const now = new Date().toISOString();
      if (open) {
        await trx
          .updateTable('checkins')
          .set({ checked_out_at: now, checkout_reason: 'moved' })
          .where('id', '=', open.id)
          .where('checked_out_at', 'is', null)
          .execute();
      }
      await trx
        .insertInto('checkins')
        .values({
          id: randomUUID(),
          session_id: sessionId,
          member_id: memberId,
          endpoint_id: endpointId,
          checked_in_at: now,
          checked_out_at: null,
          checkout_reason: null,
        })
        .execute();
      return { already: false, checkedInAt: now, previous: open?.endpoint_id ?? null };
    });
  }

  #open(db: Trx | AppContext['db'], sessionId: string, memberId: string) {
    return db
      .selectFrom('checkins')
      .select(['id', 'endpoint_id', 'checked_in_at'])
      .where('session_id', '=', sessionId)
      .where('member_id', '=', memberId)
      .where('checked_out_at', 'is', null)
      .executeTakeFirst();
  }

  async #describe(endpointId: string, checkedInAt: string): Promise<Checkin> {
    const name = await orgQueries.endpointNameOf(this.#ctx.db, endpointId);
    return { endpointId, endpointName: name ?? '', checkedInAt };
  }
}
