import { randomUUID } from 'node:crypto';
import type {
  Identity,
  StudyHeartbeat,
  StudyHeartbeatResponse,
  StudyPlayback,
  StudyProgress,
  StudySettings,
  StudyStatus,
} from '@diem-cau/shared';
import type { Database, Executor } from '../../store/database.js';
import type { AuditActor, AuditLog } from '../audit/index.js';
import { orgQueries } from '../org/index.js';
import type { RecordingRow } from '../recording/index.js';
import { sessionQueries, type SessionRecord, type SessionService } from '../sessions/index.js';
import { addWatched, creditSince, meetsShare, parseWatched, watchedJson, type PlaybackBeat } from './crediting.js';
import { makeupErrors } from './errors.js';
import type { StudyHooks } from './hooks.js';
import { studyReason, type StudyReason } from './obligation.js';
import type { ProgressRow, StudyStore } from './studyStore.js';

/** The default speed limit: 1.5× still counts, 2× does not. */
export const DEFAULT_MAX_RATE = 1.5;
/** A position a little past the recording's end is a rounding of the player, more is forged. */
const END_SLACK_MS = 2_000;
/** Sessions looked at for a member's list. */
const LIST_LIMIT = 20;
/** Tries of one heartbeat when two tabs of a member race on their progress row. */
const WRITE_TRIES = 5;

export interface StudyServiceDeps {
  db: Database;
  store: StudyStore;
  sessions: SessionService;
  /** The session's recording (the recording domain's store). */
  recordingOf: (sessionId: string) => Promise<RecordingRow | undefined>;
  readyRecordingSessions: () => Promise<string[]>;
  audit: AuditLog;
  hooks: StudyHooks;
}

interface StudyContext {
  session: SessionRecord;
  recording: RecordingRow;
  settings: StudySettings;
  reason: StudyReason;
}

class ProgressRace extends Error {}

/**
 * Make-up study from a session's recording: who must study it, what their playback heartbeats
 * credit (only media actually played forward, once, within the speed limit and the deadline), and
 * completion at the session's share. Progress is written before a heartbeat is answered.
 */
export class StudyService {
  readonly #d: StudyServiceDeps;

  constructor(deps: StudyServiceDeps) {
    this.#d = deps;
  }

  async status(member: Identity, sessionId: string): Promise<StudyStatus> {
    const c = await this.#context(member, sessionId);
    return this.#statusOf(c, await this.#d.store.progress(sessionId, member.subject));
  }

  /** The member's make-up study: ended, recorded sessions they must study (or have studied). */
  async list(member: Identity): Promise<StudyStatus[]> {
    assertMember(member);
    const recorded = await this.#d.readyRecordingSessions();
    const ids = await sessionQueries.latestEnded(this.#d.db, recorded, {
      ...(member.sessionId !== undefined && { only: member.sessionId }),
      limit: LIST_LIMIT,
    });
    const out: StudyStatus[] = [];
    for (const id of ids) {
      const status = await this.status(member, id).catch(() => null);
      if (status) out.push(status);
    }
    return out;
  }

  async startPlayback(member: Identity, sessionId: string): Promise<StudyPlayback> {
    const c = await this.#context(member, sessionId);
    const playbackId = randomUUID();
    await this.#d.store.addPlayback({
      id: playbackId,
      session_id: sessionId,
      member_id: member.subject,
      started_at: new Date().toISOString(),
      last_seq: -1,
      last_position_ms: 0,
      last_at_ms: Date.now(),
      last_playing: 0,
      last_rate: 1,
    });
    return { playbackId, status: this.#statusOf(c, await this.#d.store.progress(sessionId, member.subject)) };
  }

  async heartbeat(member: Identity, sessionId: string, beat: StudyHeartbeat): Promise<StudyHeartbeatResponse> {
    const c = await this.#context(member, sessionId);
    for (let attempt = 0; attempt < WRITE_TRIES; attempt++) {
      try {
        return await this.#applyBeat(c, member.subject, beat);
      } catch (error) {
        if (!(error instanceof ProgressRace)) throw error;
      }
    }
    throw makeupErrors.busy();
  }

  /** The quiz's gate: with a recording to study, the make-up quiz opens once study is complete. */
  async quizVerdict(member: Identity, sessionId: string): Promise<'study_incomplete' | 'study_completed' | null> {
    const session = await this.#d.sessions.requireSession(sessionId);
    const recording = await this.#d.recordingOf(sessionId);
    // A recording still being stopped or processed will be there to study: the quiz waits for it
    // too (else it opened in the minutes between the session's end and the recording's READY and
    // skipped the study). Only one deleted or failed leaves nothing to study.
    if (!recording || recording.deleted_at !== null || recording.state === 'failed') return null;
    const settings = await this.#settings(session);
    if (!settings.enabled) return null;
    const progress = await this.#d.store.progress(sessionId, member.subject);
    // Completed (alone or in a hall): the quiz is open to them, also to an attendee the host assigned.
    if (progress?.completed_at) return 'study_completed';
    if ((await studyReason(this.#d.db, this.#d.store, session, member.subject)) === null) return null;
    return 'study_incomplete';
  }

  /** May this member watch the session's recording? Those with make-up study may. */
  async mayWatch(identity: Identity, sessionId: string): Promise<boolean> {
    if (identity.role !== 'member') return false;
    if (identity.sessionId !== undefined && identity.sessionId !== sessionId) return false;
    const session = await this.#d.sessions.requireSession(sessionId);
    if (session.status !== 'ended' || !(await this.#settings(session)).enabled) return false;
    return (await studyReason(this.#d.db, this.#d.store, session, identity.subject)) !== null;
  }

  async progress(actor: Identity, sessionId: string): Promise<StudyProgress> {
    const session = await this.#d.sessions.requireManaged(actor, sessionId);
    const [settings, recording, rows, assigned] = await Promise.all([
      this.#settings(session),
      this.#d.recordingOf(sessionId),
      this.#d.store.sessionProgress(sessionId),
      this.#d.store.assignedMembers(sessionId),
    ]);
    const durationMs = recording?.duration_ms ?? 0;
    const byMember = new Map(rows.map((r) => [r.member_id, r]));
    const ids = [...new Set([...rows.map((r) => r.member_id), ...assigned])];
    const places = new Map((await orgQueries.memberPlaces(this.#d.db, ids)).map((p) => [p.id, p]));
    const assignedSet = new Set(assigned);
    const members = ids.flatMap((id) => {
      const place = places.get(id);
      if (!place) return [];
      const row = byMember.get(id);
      const watchedMs = row?.watched_ms ?? 0;
      return [
        {
          memberId: id,
          fullName: place.fullName,
          memberNumber: place.memberNumber,
          reason: assignedSet.has(id) ? ('assigned' as const) : ('absent' as const),
          watchedMs,
          watchedShare: durationMs > 0 ? watchedMs / durationMs : 0,
          completedAt: row?.completed_at ?? null,
          cellName: place.cellName,
          communeName: place.communeName,
          completedVia: row?.completed_at ? (row.completed_via ?? 'individual') : null,
        },
      ];
    });
    return { settings, durationMs, members };
  }

  async updateSettings(actor: AuditActor, sessionId: string, patch: Partial<StudySettings>): Promise<StudySettings> {
    const session = await this.#d.sessions.requireManaged(actor.identity, sessionId);
    const before = await this.#settings(session);
    const after: StudySettings = { ...before, ...patch };
    await this.#d.db.transaction().execute(async (trx) => {
      await this.#d.store.saveSettings(
        {
          session_id: sessionId,
          enabled: after.enabled ? 1 : 0,
          share: after.share,
          max_rate: after.maxRate,
          deadline: after.deadline,
          updated_at: new Date().toISOString(),
        },
        trx,
      );
      await this.#d.audit.record(
        { actor, action: 'makeup.settings', target: { type: 'session', id: sessionId }, before, after },
        trx,
      );
    });
    return after;
  }

  async assign(actor: AuditActor, sessionId: string, memberIds: readonly string[]): Promise<{ assigned: number }> {
    await this.#d.sessions.requireManaged(actor.identity, sessionId);
    const unique = [...new Set(memberIds)];
    const known = await orgQueries.memberNames(this.#d.db, unique);
    if (known.size !== unique.length) throw makeupErrors.unknownMembers();
    await this.#d.db.transaction().execute(async (trx) => {
      await this.#d.store.assign(sessionId, unique, actor.identity.subject, new Date().toISOString(), trx);
      await this.#d.audit.record(
        { actor, action: 'makeup.assign', target: { type: 'session', id: sessionId }, after: { memberIds: unique } },
        trx,
      );
    });
    return { assigned: unique.length };
  }

  /** One try: judge the beat against the playback's last, then store playback and progress together. */
  async #applyBeat(c: StudyContext, memberId: string, beat: StudyHeartbeat): Promise<StudyHeartbeatResponse> {
    const { store } = this.#d;
    const playback = await store.playback(beat.playbackId);
    if (!playback || playback.session_id !== c.session.id || playback.member_id !== memberId)
      throw makeupErrors.unknownPlayback();
    if (beat.seq <= playback.last_seq) throw makeupErrors.staleBeat(playback.last_seq);
    const durationMs = c.recording.duration_ms;
    if (beat.positionMs > durationMs + END_SLACK_MS) throw makeupErrors.beyondRecording();
    const before = await store.progress(c.session.id, memberId);
    const now = Date.now();
    const overdue = c.settings.deadline !== null && now > Date.parse(c.settings.deadline) && !before?.completed_at;
    if (overdue) throw makeupErrors.overdue();

    const previous: PlaybackBeat | null =
      playback.last_seq < 0
        ? null
        : {
            seq: playback.last_seq,
            positionMs: playback.last_position_ms,
            atMs: playback.last_at_ms,
            playing: playback.last_playing === 1,
            rate: playback.last_rate,
          };
    const credit = creditSince(previous, beat, now, { durationMs, maxRate: c.settings.maxRate });
    const watchedBefore = parseWatched(before?.watched_json ?? '[]');
    const { spans, watchedMs } = addWatched(watchedBefore, credit.span);
    const creditedMs = watchedMs - (before?.watched_ms ?? 0);
    const at = new Date(now).toISOString();
    const completes = !before?.completed_at && meetsShare(watchedMs, durationMs, c.settings.share);
    const next: ProgressRow = {
      session_id: c.session.id,
      member_id: memberId,
      recording_id: c.recording.id,
      watched_json: watchedJson(spans),
      watched_ms: watchedMs,
      resume_ms: Math.min(beat.positionMs, durationMs),
      completed_at: before?.completed_at ?? (completes ? at : null),
      completed_via: before?.completed_via ?? (completes ? 'individual' : null),
      completed_in: before?.completed_in ?? null,
      version: (before?.version ?? 0) + 1,
      updated_at: at,
    };

    await this.#d.db.transaction().execute(async (trx: Executor) => {
      const advanced = await store.advancePlayback(
        playback.id,
        playback.last_seq,
        {
          last_seq: beat.seq,
          last_position_ms: beat.positionMs,
          last_at_ms: now,
          last_playing: beat.playing ? 1 : 0,
          last_rate: beat.rate,
        },
        trx,
      );
      if (!advanced) throw makeupErrors.staleBeat(playback.last_seq);
      if (!(await store.writeProgress(next, before ? before.version : null, trx))) throw new ProgressRace();
      if (completes)
        await this.#d.hooks.completed(
          {
            sessionId: c.session.id,
            memberId,
            recordingId: c.recording.id,
            watchedMs,
            durationMs,
            completedAt: at,
            kind: 'individual',
          },
          trx,
        );
    });
    return { creditedMs, refused: credit.refused, status: this.#statusOf(c, next) };
  }

  /** Checks role, session, recording and obligation: everything a member's call needs, every time. */
  async #context(member: Identity, sessionId: string): Promise<StudyContext> {
    assertMember(member);
    if (member.sessionId !== undefined && member.sessionId !== sessionId) throw makeupErrors.tokenForOtherSession();
    const session = await this.#d.sessions.requireSession(sessionId);
    if (session.status !== 'ended') throw makeupErrors.notEnded();
    const recording = await this.#d.recordingOf(sessionId);
    if (!recording) throw makeupErrors.noRecording();
    if (recording.deleted_at !== null) throw makeupErrors.recordingDeleted();
    if (recording.state !== 'ready') throw makeupErrors.notReady();
    const settings = await this.#settings(session);
    if (!settings.enabled) throw makeupErrors.disabled();
    const reason = await studyReason(this.#d.db, this.#d.store, session, member.subject);
    if (reason === null) throw makeupErrors.notRequired();
    return { session, recording, settings, reason };
  }

  async #settings(session: SessionRecord): Promise<StudySettings> {
    const row = await this.#d.store.settings(session.id);
    return {
      enabled: row ? row.enabled === 1 : true,
      share: row?.share ?? session.attendanceThreshold,
      maxRate: row?.max_rate ?? DEFAULT_MAX_RATE,
      deadline: row?.deadline ?? null,
    };
  }

  #statusOf(c: StudyContext, progress: ProgressRow | undefined): StudyStatus {
    const durationMs = c.recording.duration_ms;
    const watchedMs = progress?.watched_ms ?? 0;
    const completedAt = progress?.completed_at ?? null;
    return {
      sessionId: c.session.id,
      sessionTitle: c.session.title,
      recordingId: c.recording.id,
      reason: c.reason,
      durationMs,
      watchedMs,
      watchedShare: durationMs > 0 ? watchedMs / durationMs : 0,
      requiredShare: c.settings.share,
      maxRate: c.settings.maxRate,
      deadline: c.settings.deadline,
      resumeMs: progress?.resume_ms ?? 0,
      completedAt,
      overdue: completedAt === null && c.settings.deadline !== null && Date.now() > Date.parse(c.settings.deadline),
    };
  }
}

function assertMember(identity: Identity): void {
  if (identity.role !== 'member') throw makeupErrors.forMembers();
}
