import type { AttendanceCounts, AttendanceSnapshot, DistrictAttendance } from '@diem-cau/shared';
import type { Logger } from '../../logging/logger.js';
import type { AppContext } from '../../context/types.js';
import { checkinQueries } from '../checkin/index.js';
import type { SessionService } from '../sessions/index.js';

/** The panel is pushed at most this often per session. */
export const PANEL_MIN_INTERVAL_MS = 1000;

const zero = (): AttendanceCounts => ({ invited: 0, connected: 0, headcount: 0, checkedIn: 0 });
const add = (into: AttendanceCounts, from: AttendanceCounts): void => {
  into.invited += from.invited;
  into.connected += from.connected;
  into.headcount += from.headcount;
  into.checkedIn += from.checkedIn;
};

/**
 * The host's live attendance panel: endpoints connected of invited, head-count total and members
 * checked in, by district. Computed from the store (so any node can compute it for a session whose
 * endpoints are spread over several) and pushed to the session's host and admin consoles, at most
 * once a second however many changes arrive on however many nodes: a node pushes only when it takes
 * the session's one-second slot in Redis; otherwise it pushes once the slot is free again, so the
 * change it saw is in a later panel (no change is dropped, none is pushed by every node).
 */
export class LivePanel {
  readonly #ctx: AppContext;
  readonly #log: Logger;
  readonly #pending = new Map<string, NodeJS.Timeout>();
  readonly #lastPush = new Map<string, number>();
  #stopped = false;

  readonly #sessions: SessionService;

  constructor(ctx: AppContext, deps: { sessions: SessionService }) {
    this.#sessions = deps.sessions;
    this.#ctx = ctx;
    this.#log = ctx.log.child({ module: 'attendance-panel' });
  }

  /** Something changed in the session's attendance: push a fresh panel soon (throttled). */
  markDirty(sessionId: string): void {
    if (this.#stopped || this.#pending.has(sessionId)) return;
    const delay = Math.max(0, (this.#lastPush.get(sessionId) ?? 0) + PANEL_MIN_INTERVAL_MS - Date.now());
    this.#pending.set(
      sessionId,
      setTimeout(() => void this.#push(sessionId), delay),
    );
  }

  /** An ended session's throttle state is dropped (nothing is pushed for it any more). */
  forget(sessionId: string): void {
    clearTimeout(this.#pending.get(sessionId));
    this.#pending.delete(sessionId);
    this.#lastPush.delete(sessionId);
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }

  /**
   * Takes the session's push slot for PANEL_MIN_INTERVAL_MS: 0 when taken, else how long until it
   * is free. Redis out of reach: this node pushes (its own throttle still holds).
   */
  async #slot(sessionId: string): Promise<number> {
    const key = `${this.#ctx.redisPrefix}:panel:${sessionId}`;
    try {
      const taken = await this.#ctx.redis.main.set(key, this.#ctx.node.id, 'PX', PANEL_MIN_INTERVAL_MS, 'NX');
      if (taken !== null) return 0;
      return Math.max(20, await this.#ctx.redis.main.pttl(key));
    } catch {
      return 0;
    }
  }

  async snapshot(sessionId: string): Promise<AttendanceSnapshot> {
    const db = this.#ctx.db;
    const [invited, connectedRows, heads, checkedIn] = await Promise.all([
      this.#sessions.listInvitedEndpoints(sessionId),
      db
        .selectFrom('attendance_intervals')
        .select('endpoint_id')
        .distinct()
        .where('session_id', '=', sessionId)
        .where('ended_at', 'is', null)
        .execute(),
      db
        .selectFrom('headcount_reports')
        .select(['endpoint_id', 'head_count'])
        .where('session_id', '=', sessionId)
        .orderBy('reported_at')
        .orderBy('id')
        .execute(),
      checkinQueries.openCheckinCounts(db, sessionId),
    ]);
    const connected = new Set(connectedRows.map((r) => r.endpoint_id));
    const latestHead = new Map<string, number>();
    for (const h of heads) latestHead.set(h.endpoint_id, h.head_count);

    const districts = new Map<string, DistrictAttendance>();
    const totals = zero();
    for (const e of invited) {
      const key = e.districtId ?? '';
      let d = districts.get(key);
      if (!d) districts.set(key, (d = { districtId: e.districtId, districtName: e.districtName, ...zero() }));
      const counts: AttendanceCounts = {
        invited: 1,
        connected: connected.has(e.endpointId) ? 1 : 0,
        headcount: latestHead.get(e.endpointId) ?? 0,
        checkedIn: checkedIn.get(e.endpointId) ?? 0,
      };
      add(d, counts);
      add(totals, counts);
    }
    const list = [...districts.values()].sort((a, b) =>
      (a.districtName ?? '').localeCompare(b.districtName ?? '', 'vi'),
    );
    return { sessionId, at: Date.now(), totals, districts: list };
  }

  async #push(sessionId: string): Promise<void> {
    this.#pending.delete(sessionId);
    if (this.#stopped) return;
    const wait = await this.#slot(sessionId);
    if (wait > 0) {
      if (!this.#pending.has(sessionId))
        this.#pending.set(
          sessionId,
          setTimeout(() => void this.#push(sessionId), wait),
        );
      return;
    }
    this.#lastPush.set(sessionId, Date.now());
    try {
      const snapshot = await this.snapshot(sessionId);
      if (this.#stopped) return;
      this.#ctx.live.emit({ session: sessionId, staff: true }, 'attendance:panel', snapshot);
    } catch (error) {
      if (!this.#stopped) this.#log.error({ err: error, sessionId }, 'attendance panel push failed');
    }
  }
}
