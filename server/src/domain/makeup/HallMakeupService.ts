import type { HallChoice, HallMakeup, Identity } from '@diem-cau/shared';
import { isStaff } from '@diem-cau/shared';
import type { Database, Executor } from '../../store/database.js';
import { attendanceQueries, type CheckinSpan } from '../attendance/index.js';
import { checkinQueries } from '../checkin/index.js';
import type { RecordingRow } from '../recording/index.js';
import { sessionQueries, type SessionRecord, type SessionService, type StatusChange } from '../sessions/index.js';
import { makeupErrors } from './errors.js';
import { hallCredits } from './hallCredit.js';
import type { HallRow, HallStore } from './hallStore.js';
import type { StudyHooks } from './hooks.js';
import { studyReason } from './obligation.js';
import type { StudyStore } from './studyStore.js';

/** A hall make-up lasts the recording and this much more (a pause, a late start); then it ends by itself. */
export const HALL_GRACE_MS = 15 * 60_000;
/** Latest ended sessions looked at for an endpoint's choices, and how many a TV offers at most. */
const CHOICES_LOOKED_AT = 30;
const CHOICES_OFFERED = 8;

export interface HallMakeupDeps {
  db: Database;
  halls: HallStore;
  study: StudyStore;
  sessions: SessionService;
  recordingOf: (sessionId: string) => Promise<RecordingRow | undefined>;
  /** A hall make-up is not recorded itself: it replays a recording. */
  turnRecordingOff: (sessionId: string) => Promise<void>;
  /** The share a session's make-up asks for (its settings, else the attendance threshold). */
  shareOf: (session: SessionRecord, db: Executor) => Promise<number>;
  graceMs: number;
  hooks: StudyHooks;
}

/**
 * Make-up in a hall: an endpoint invited to a session (one that missed it, or any) holds a session
 * of its own whose TV replays the recording; members check in with the rotating code as live, and
 * when it ends, those who must study the session and stayed long enough — by the same interval
 * evidence as live attendance — are credited, in the transaction that ends it.
 */
export class HallMakeupService {
  readonly #d: HallMakeupDeps;

  constructor(deps: HallMakeupDeps) {
    this.#d = deps;
  }

  /** Opens (or returns the open) hall make-up of `parentSessionId` at `endpointId`, live at once. */
  async open(requestedBy: Identity, parentSessionId: string, endpointId: string): Promise<HallMakeup> {
    if (requestedBy.role === 'endpoint') {
      if (requestedBy.subject !== endpointId) throw makeupErrors.otherEndpoint();
    } else if (isStaff(requestedBy.role)) {
      await this.#d.sessions.requireManaged(requestedBy, parentSessionId);
    } else throw makeupErrors.hallForEndpoints();
    const parent = await this.#d.sessions.requireSession(parentSessionId);
    if (parent.status !== 'ended') throw makeupErrors.notEnded();
    // The host's make-up settings hold for halls too: turned off or past the deadline, none opens
    // (the host extends the deadline to allow one).
    const settings = await this.#d.study.settings(parentSessionId);
    if (settings?.enabled === 0) throw makeupErrors.disabled();
    if (settings?.deadline && Date.parse(settings.deadline) < Date.now()) throw makeupErrors.overdue();
    const recording = await this.#readyRecording(parentSessionId);
    if (!(await this.#d.sessions.isInvited(parentSessionId, endpointId))) throw makeupErrors.endpointNotInvited();
    for (const existing of await this.#d.halls.ofEndpoint(parentSessionId, endpointId)) {
      const session = await this.#d.sessions.getSession(existing.session_id);
      if (session?.status === 'live') return this.#view(existing, parent);
    }

    const session = await this.#d.sessions.createHeld(requestedBy, {
      hostAccountId: parent.hostAccountId,
      title: `Học bù: ${parent.title}`,
      resolution: parent.resolution,
      attendanceThreshold: parent.attendanceThreshold,
      endpointId,
      scheduledEnd: new Date(Date.now() + recording.duration_ms + HALL_GRACE_MS).toISOString(),
    });
    const row: HallRow = {
      session_id: session.id,
      parent_session_id: parentSessionId,
      endpoint_id: endpointId,
      recording_id: recording.id,
      recording_ms: recording.duration_ms,
      requested_by: requestedBy.subject,
      created_at: new Date().toISOString(),
      credited_at: null,
    };
    await this.#d.halls.insert(row);
    await this.#d.turnRecordingOff(session.id);
    await this.#d.sessions.start(requestedBy, session.id);
    return this.#view(row, parent);
  }

  /**
   * What the endpoint's hall may make up: ended sessions it was invited to whose recording is ready,
   * with make-up study on and its deadline not passed (what a standby TV offers), latest first.
   */
  async choices(identity: Identity): Promise<HallChoice[]> {
    if (identity.role !== 'endpoint') throw makeupErrors.hallForEndpoints();
    const held = await this.#d.halls.sessionsHeldBy(identity.subject);
    const ended = await sessionQueries.endedSessionsOf(this.#d.db, identity.subject, {
      excluding: held,
      limit: CHOICES_LOOKED_AT,
    });
    const out: HallChoice[] = [];
    for (const session of ended) {
      if (out.length >= CHOICES_OFFERED) break;
      const recording = await this.#d.recordingOf(session.id);
      if (!recording || recording.deleted_at !== null || recording.state !== 'ready') continue;
      const settings = await this.#d.study.settings(session.id);
      if (settings?.enabled === 0) continue;
      const deadline = settings?.deadline ?? null;
      if (deadline !== null && Date.parse(deadline) < Date.now()) continue;
      out.push({
        sessionId: session.id,
        title: session.title,
        endedAt: session.endedAt,
        durationMs: recording.duration_ms,
        deadline,
      });
    }
    return out;
  }

  /** The hall make-up a session is, for its endpoint's TV (or staff); NOT_FOUND for any other session. */
  async get(identity: Identity, sessionId: string): Promise<HallMakeup> {
    const row = await this.#d.halls.bySession(sessionId);
    if (!row) throw makeupErrors.notHallMakeup();
    if (identity.role === 'endpoint') {
      if (identity.subject !== row.endpoint_id) throw makeupErrors.otherEndpoint();
    } else if (isStaff(identity.role)) await this.#d.sessions.requireManaged(identity, row.parent_session_id);
    else if (identity.role !== 'member' || identity.sessionId !== sessionId) throw makeupErrors.hallForEndpoints();
    return this.#view(row, await this.#d.sessions.requireSession(row.parent_session_id));
  }

  /** The holding endpoint (or staff) ends the hall make-up; crediting runs with the end. */
  async end(identity: Identity, sessionId: string): Promise<void> {
    await this.get(identity, sessionId);
    await this.#d.sessions.end(identity, sessionId);
  }

  /** Sessions' delegate: the holding endpoint runs its own hall make-up. */
  async holds(actor: Identity, sessionId: string): Promise<boolean> {
    if (actor.role !== 'endpoint') return false;
    return (await this.#d.halls.bySession(sessionId))?.endpoint_id === actor.subject;
  }

  /** Recording viewer: the TV of a hall make-up replaying this session's recording. */
  async mayWatch(identity: Identity, parentSessionId: string): Promise<boolean> {
    if (identity.role !== 'endpoint' || identity.sessionId === undefined) return false;
    const row = await this.#d.halls.bySession(identity.sessionId);
    return row?.parent_session_id === parentSessionId && row.endpoint_id === identity.subject;
  }

  /** Ends live hall make-ups whose time is up, as their endpoint would. */
  async endOverdue(): Promise<number> {
    let ended = 0;
    for (const row of await this.#d.halls.uncredited()) {
      const session = await this.#d.sessions.getSession(row.session_id);
      if (session?.status !== 'live' || !session.scheduledEnd || Date.parse(session.scheduledEnd) > Date.now())
        continue;
      await this.#d.sessions.end(
        { subject: row.endpoint_id, role: 'endpoint', sessionId: row.session_id },
        row.session_id,
      );
      ended += 1;
    }
    return ended;
  }

  /** Status hook: a hall make-up ended — credit its members inside the ending transaction. */
  async credit(change: StatusChange, trx: Executor): Promise<void> {
    if (change.to !== 'ended') return;
    const row = await this.#d.halls.bySession(change.sessionId, trx);
    if (!row || row.credited_at !== null) return;
    // Every read goes through `trx`: the embedded store has one connection, which the end holds.
    const hall = await this.#d.sessions.getSession(change.sessionId, trx);
    const parent = await this.#d.sessions.getSession(row.parent_session_id, trx);
    if (!hall?.startedAt || !parent) return;
    const window = { start: Date.parse(hall.startedAt), end: Date.parse(change.at) };
    const intervals = await attendanceQueries.sessionIntervals(trx, change.sessionId);
    const checkins = await checkinQueries.sessionCheckins(trx, change.sessionId);
    const byMember = new Map<string, CheckinSpan[]>();
    for (const c of checkins) {
      const list = byMember.get(c.memberId) ?? [];
      list.push({
        endpointId: c.endpointId,
        checkedInAt: Date.parse(c.checkedInAt),
        checkedOutAt: c.checkedOutAt ? Date.parse(c.checkedOutAt) : window.end,
      });
      byMember.set(c.memberId, list);
    }
    const credits = hallCredits(
      {
        window,
        endpointId: row.endpoint_id,
        intervals: intervals
          .filter((i) => i.endpointId === row.endpoint_id)
          .map((i) => ({ start: Date.parse(i.startedAt), end: i.endedAt ? Date.parse(i.endedAt) : null })),
        checkins: byMember,
        graceMs: this.#d.graceMs,
      },
      row.recording_ms,
      await this.#d.shareOf(parent, trx),
    );
    for (const [memberId, credit] of credits) {
      if (!credit.credited) continue;
      if ((await studyReason(trx, this.#d.study, parent, memberId)) === null) continue;
      const before = await this.#d.study.progress(parent.id, memberId, trx);
      if (before?.completed_at) continue;
      const next = {
        session_id: parent.id,
        member_id: memberId,
        recording_id: row.recording_id,
        watched_json: before?.watched_json ?? '[]',
        watched_ms: before?.watched_ms ?? 0,
        resume_ms: before?.resume_ms ?? 0,
        completed_at: change.at,
        completed_via: 'hall' as const,
        completed_in: change.sessionId,
        version: (before?.version ?? 0) + 1,
        updated_at: change.at,
      };
      // Inside the ending transaction nothing else writes this row, so the version check holds.
      if (!(await this.#d.study.writeProgress(next, before ? before.version : null, trx))) continue;
      await this.#d.hooks.completed(
        {
          sessionId: parent.id,
          memberId,
          recordingId: row.recording_id,
          watchedMs: credit.presentMs,
          durationMs: row.recording_ms,
          completedAt: change.at,
          kind: 'hall',
        },
        trx,
      );
    }
    await this.#d.halls.markCredited(change.sessionId, change.at, trx);
  }

  async #readyRecording(sessionId: string): Promise<RecordingRow> {
    const recording = await this.#d.recordingOf(sessionId);
    if (!recording) throw makeupErrors.noRecording();
    if (recording.deleted_at !== null) throw makeupErrors.recordingDeleted();
    if (recording.state !== 'ready') throw makeupErrors.notReady();
    return recording;
  }

  #view(row: HallRow, parent: SessionRecord): HallMakeup {
    return {
      sessionId: row.session_id,
      parentSessionId: row.parent_session_id,
      parentTitle: parent.title,
      endpointId: row.endpoint_id,
      recordingId: row.recording_id,
    };
  }
}
