import { randomUUID } from 'node:crypto';
import type { AttendanceSnapshot, Identity, SessionAttendance } from '@diem-cau/shared';
import type { Transaction } from 'kysely';
import type { Logger } from '../../logging/logger.js';
import type { AppContext } from '../../context/types.js';
import type { DatabaseSchema } from '../../store/schema.js';
import type { CheckinService } from '../checkin/index.js';
import { sessionErrors, type LeaveEvent, type SessionService } from '../sessions/index.js';
import { attendanceErrors } from './errors.js';
import type { LivePanel } from './LivePanel.js';
import { sessionAttendanceView } from './SessionAttendanceView.js';

interface OwnedInterval {
  intervalId: string;
  sessionId: string;
  endpointId: string;
}

interface ClosingInterval {
  id: string;
  sessionId: string;
  endpointId: string;
  /** ISO time the interval ends at. */
  at: string;
}

/** An open interval of a row from before node ids (migration 0406) is stale after this many missed heartbeats. */
export const STALE_AFTER_HEARTBEATS = 2.5;
const CHUNK = 400;

/**
 * Endpoint attendance as evidence: one interval row per endpoint screen connection, opened when the
 * screen joins the session (written before the join is acknowledged) and closed when it leaves,
 * disconnects or the session ends; head-count reports with their time.
 *
 * Crashes: each interval names the node holding it (`node_id`), and that node stamps `last_seen_at`
 * on the intervals it holds every heartbeat. Every node sweeps, at start and on each heartbeat, for
 * open intervals of nodes whose lease in Redis ran out (killed, frozen or cut off: see
 * redis/nodeLease.ts) and closes them at their last stamp — the last moment the endpoint is known
 * to have been connected — with reason `server_restart`. A node that is alive keeps its intervals
 * however late its heartbeat (a slow store, a long pause): leases, not guesses. Rows from before
 * node ids fall back to a stamp older than STALE_AFTER_HEARTBEATS heartbeats. A node taken for dead
 * while it lived (its lease lapsed) opens its screens' intervals and check-ins again on its next
 * heartbeat with the lease back (#reclaimAfterFalseDeath). Check-ins at
 * an endpoint left with no open interval are closed at the same time, and reopened when the
 * endpoint reconnects (see CheckinService). A graceful shutdown closes this node's intervals at
 * shutdown time with the same reason. The endpoint's reconnect opens a new interval; within the
 * grace period the computed view merges it with the one before.
 */
export class AttendanceService {
  readonly #ctx: AppContext;
  readonly #log: Logger;
  /** This node's open intervals, by socket id. */
  readonly #owned = new Map<string, OwnedInterval>();
  #timer: NodeJS.Timeout | undefined;
  #stopping = false;
  #beating: Promise<void> | undefined;

  readonly #sessions: SessionService;
  readonly #panel: LivePanel;
  readonly #checkins: CheckinService;

  constructor(ctx: AppContext, deps: { sessions: SessionService; panel: LivePanel; checkins: CheckinService }) {
    this.#sessions = deps.sessions;
    this.#panel = deps.panel;
    this.#checkins = deps.checkins;
    this.#ctx = ctx;
    this.#log = ctx.log.child({ module: 'attendance' });
  }

  /** The computed view of a session's stored evidence, for its host or an admin. */
  async view(actor: Identity, sessionId: string): Promise<SessionAttendance> {
    return sessionAttendanceView(this.#ctx, await this.#sessions.requireManaged(actor, sessionId));
  }

  /** The live panel's figures, for the session's host or an admin. */
  async panel(actor: Identity, sessionId: string): Promise<AttendanceSnapshot> {
    const session = await this.#sessions.requireManaged(actor, sessionId);
    return this.#panel.snapshot(session.id);
  }

  get heartbeatMs(): number {
    return this.#ctx.config.attendance.heartbeatSeconds * 1000;
  }

  async start(): Promise<void> {
    const hooks = this.#sessions.hooks;
    const leave = async ({ identity, socketId, reason }: LeaveEvent): Promise<void> => {
      if (identity.role === 'endpoint')
        await this.closeInterval(socketId, reason === 'leave' ? 'left' : 'disconnected');
    };
    hooks.onJoin(
      async ({ sessionId, identity, socketId }) => {
        if (identity.role === 'endpoint') await this.openInterval(sessionId, identity.subject, socketId);
      },
      { undo: leave },
    );
    hooks.onLeave(leave);
    hooks.onStatusChange(async (change, trx) => {
      if (change.to !== 'ended') return;
      await trx
        .updateTable('attendance_intervals')
        .set({ ended_at: change.at, close_reason: 'session_ended' })
        .where('session_id', '=', change.sessionId)
        .where('ended_at', 'is', null)
        .execute();
      this.#panel.markDirty(change.sessionId);
    });
    await this.sweep();
    this.#timer = setInterval(() => {
      this.#beating ??= this.#beat().finally(() => (this.#beating = undefined));
    }, this.heartbeatMs);
  }

  /** Graceful shutdown: this node's intervals end now (reason server_restart); later leaves are ignored. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#timer);
    await this.#beating;
    const at = new Date().toISOString();
    const closing = [...this.#owned.values()].map((o) => ({
      id: o.intervalId,
      sessionId: o.sessionId,
      endpointId: o.endpointId,
      at,
    }));
    this.#owned.clear();
    if (closing.length > 0) await this.#closeForRestart(closing);
  }

  async openInterval(sessionId: string, endpointId: string, socketId: string): Promise<void> {
    if (this.#stopping) throw attendanceErrors.restarting();
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.#ctx.db
      .insertInto('attendance_intervals')
      .values({
        id,
        session_id: sessionId,
        endpoint_id: endpointId,
        started_at: now,
        ended_at: null,
        close_reason: null,
        last_seen_at: now,
        node_id: this.#ctx.node.id,
      })
      .execute();
    this.#owned.set(socketId, { intervalId: id, sessionId, endpointId });
    this.#panel.markDirty(sessionId);
  }

  async closeInterval(socketId: string, reason: 'left' | 'disconnected'): Promise<void> {
    const owned = this.#owned.get(socketId);
    if (!owned || this.#stopping) return;
    this.#owned.delete(socketId);
    await this.#ctx.db
      .updateTable('attendance_intervals')
      .set({ ended_at: new Date().toISOString(), close_reason: reason })
      .where('id', '=', owned.intervalId)
      .where('ended_at', 'is', null)
      .execute();
    this.#panel.markDirty(owned.sessionId);
  }

  /** Stores the operator's head-count (before the ack). */
  async reportHeadcount(
    sessionId: string,
    endpointId: string,
    count: number,
  ): Promise<{ count: number; reportedAt: string }> {
    const session = await this.#sessions.requireSession(sessionId);
    if (session.status === 'ended' || session.status === 'draft') throw sessionErrors.wrongStatus(session.status);
    const reportedAt = new Date().toISOString();
    await this.#ctx.db
      .insertInto('headcount_reports')
      .values({
        id: randomUUID(),
        session_id: sessionId,
        endpoint_id: endpointId,
        head_count: count,
        reported_at: reportedAt,
      })
      .execute();
    this.#panel.markDirty(sessionId);
    return { count, reportedAt };
  }

  /** Closes open intervals of nodes whose lease ran out (crashed); see the class comment. */
  async sweep(now = Date.now()): Promise<number> {
    const cutoff = new Date(now - STALE_AFTER_HEARTBEATS * this.heartbeatMs).toISOString();
    const ownIds = new Set([...this.#owned.values()].map((o) => o.intervalId));
    // Redis out of reach: no lease can be read, so nothing is closed (this throws to the heartbeat's log).
    const alive = [...new Set([this.#ctx.node.id, ...(await this.#ctx.node.alive())])];
    const rows = await this.#ctx.db
      .selectFrom('attendance_intervals')
      .select(['id', 'session_id', 'endpoint_id', 'started_at', 'last_seen_at'])
      .where('ended_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('node_id', 'is not', null), eb('node_id', 'not in', alive)]),
          eb.and([eb('node_id', 'is', null), eb(eb.fn.coalesce('last_seen_at', 'started_at'), '<', cutoff)]),
        ]),
      )
      .execute();
    const stale = rows
      .filter((r) => !ownIds.has(r.id))
      .map((r) => ({
        id: r.id,
        sessionId: r.session_id,
        endpointId: r.endpoint_id,
        at: r.last_seen_at ?? r.started_at,
      }));
    if (stale.length === 0) return 0;
    await this.#closeForRestart(stale);
    this.#log.warn({ intervals: stale.length }, 'closed intervals left open by a dead node at their last heartbeat');
    return stale.length;
  }

  async #beat(): Promise<void> {
    try {
      const ids = [...this.#owned.values()].map((o) => o.intervalId);
      const now = new Date().toISOString();
      for (let i = 0; i < ids.length; i += CHUNK) {
        await this.#ctx.db
          .updateTable('attendance_intervals')
          .set({ last_seen_at: now })
          .where('id', 'in', ids.slice(i, i + CHUNK))
          .where('ended_at', 'is', null)
          .execute();
      }
      await this.#reclaimAfterFalseDeath(ids);
      await this.sweep();
    } catch (error) {
      this.#log.error({ err: error }, 'attendance heartbeat failed');
    }
  }

  /**
   * Another node took this one for dead while it lived — its lease ran out during a long stall, or
   * its Redis commands timed out under load — and closed its intervals and their endpoints'
   * check-ins at the last stamp (the province bench found half the hall's answers then refused as
   * FORBIDDEN). The screens are still connected here: once the lease is this node's again, each such
   * interval is opened anew from now and the check-ins closed with it are reopened. The evidence
   * keeps the gap the cluster saw; the grace period of the computed view merges a short one.
   */
  async #reclaimAfterFalseDeath(ownedIds: readonly string[]): Promise<void> {
    const closed = new Set<string>();
    for (let i = 0; i < ownedIds.length; i += CHUNK) {
      const rows = await this.#ctx.db
        .selectFrom('attendance_intervals')
        .select('id')
        .where('id', 'in', ownedIds.slice(i, i + CHUNK))
        .where('close_reason', '=', 'server_restart')
        .execute();
      for (const r of rows) closed.add(r.id);
    }
    if (closed.size === 0 || this.#stopping) return;
    // Still taken for dead: an interval opened now would be swept again.
    if (!(await this.#ctx.node.isAlive(this.#ctx.node.id))) return;
    const endpoints = new Map<string, { sessionId: string; endpointId: string }>();
    for (const [socketId, owned] of [...this.#owned]) {
      if (!closed.has(owned.intervalId)) continue;
      await this.openInterval(owned.sessionId, owned.endpointId, socketId);
      endpoints.set(`${owned.sessionId}|${owned.endpointId}`, owned);
    }
    let checkins = 0;
    for (const e of endpoints.values()) checkins += await this.#checkins.reopenAfterRestart(e.sessionId, e.endpointId);
    this.#log.warn(
      { intervals: closed.size, checkins },
      'this node was taken for dead while alive: its intervals and check-ins are open again',
    );
  }

  /** Closes the intervals (reason server_restart) and the check-ins of endpoints left with none open. */
  async #closeForRestart(closing: readonly ClosingInterval[]): Promise<void> {
    const touched = new Map<string, ClosingInterval>();
    await this.#ctx.db.transaction().execute(async (trx: Transaction<DatabaseSchema>) => {
      for (const c of closing) {
        await trx
          .updateTable('attendance_intervals')
          .set({ ended_at: c.at, close_reason: 'server_restart' })
          .where('id', '=', c.id)
          .where('ended_at', 'is', null)
          .execute();
        const key = `${c.sessionId}|${c.endpointId}`;
        const seen = touched.get(key);
        if (!seen || seen.at < c.at) touched.set(key, c);
      }
      for (const c of touched.values()) {
        const stillOpen = await trx
          .selectFrom('attendance_intervals')
          .select('id')
          .where('session_id', '=', c.sessionId)
          .where('endpoint_id', '=', c.endpointId)
          .where('ended_at', 'is', null)
          .executeTakeFirst();
        if (!stillOpen) await this.#checkins.closeForLostEndpoint(trx, c.sessionId, c.endpointId, c.at);
      }
    });
    for (const sessionId of new Set(closing.map((c) => c.sessionId))) this.#panel.markDirty(sessionId);
  }
}
