import { randomUUID } from 'node:crypto';
import type { Identity, Question } from '@diem-cau/shared';
import { loadConfig } from '../../config/config.js';
import type { AppContext } from '../../context/types.js';
import { createLogger } from '../../logging/logger.js';
import type { ClusterTimers, TimerKind } from '../../redis/clusterTimers.js';
import type { LiveAudience, LiveChannels } from '../../signaling/liveChannels.js';
import { migrateToLatest, openDatabase, type Database } from '../../store/database.js';
import { SessionService } from '../sessions/SessionService.js';
import { AuditLog } from '../audit/index.js';
import { toQuestion } from './QuestionBank.js';

/** One push a service made through `ctx.live`. */
export interface RecordedPush {
  to: LiveAudience | readonly LiveAudience[] | { session: string; endpoints: readonly string[] };
  event: string;
  payload: unknown;
}

/** A LiveChannels that records every push instead of reaching sockets. */
export function recordingLive(): LiveChannels & { pushes: RecordedPush[] } {
  const pushes: RecordedPush[] = [];
  const live: LiveChannels = {
    emit: (to, event, payload) => void pushes.push({ to, event, payload }),
    hasLocal: () => true,
    emitToEndpoints: async (session, endpoints, event, payload) =>
      void pushes.push({ to: { session, endpoints: [...endpoints] }, event, payload }),
    join: () => {},
    leave: () => {},
    disconnect: () => {},
    onMemberEntersEndpoint: () => () => {},
  };
  return Object.assign(live, { pushes });
}

/**
 * A quiz world in a fresh in-memory SQLite store, migrated to the latest schema: a host account, a
 * live session it hosts, one invited endpoint, a member checked in there and one who is not, and a
 * single-choice question (B is right, 30 s). The context has no Redis, media or Socket.IO: the
 * quiz's services need only the store, the log, the config and `live`.
 */
export interface QuizWorld {
  db: Database;
  ctx: AppContext;
  live: ReturnType<typeof recordingLive>;
  sessions: SessionService;
  host: Identity;
  otherHost: Identity;
  sessionId: string;
  endpointId: string;
  /** Checked in at the endpoint. */
  memberId: string;
  /** Not checked in anywhere. */
  absentMemberId: string;
  question: Question;
  close(): Promise<void>;
}

/** Cluster timers that are only kept, never fired (these tests drive the clock themselves): any kind may be defined again. */
function keptTimers(): Pick<ClusterTimers, 'define'> {
  const due = new Map<string, number>();
  return {
    define: <P extends object>(name: string): TimerKind<P> => ({
      schedule: async (key, dueMs) => void due.set(`${name}|${key}`, dueMs),
      cancel: async (key) => void due.delete(`${name}|${key}`),
      dueAt: async (key) => due.get(`${name}|${key}`) ?? null,
    }),
  };
}

export async function quizWorld(): Promise<QuizWorld> {
  const log = createLogger('silent');
  const db = openDatabase(':memory:');
  await migrateToLatest(db, log);
  const live = recordingLive();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  // Only what the quiz and session services use; the rest of AppContext is never reached here.
  const ctx = {
    config,
    log,
    db,
    live,
    timers: keptTimers(),
    redisPrefix: `test-${randomUUID()}`,
  } as unknown as AppContext;
  const now = new Date().toISOString();
  const id = () => randomUUID();
  const [hostId, otherHostId, unitId, endpointId, memberId, absentMemberId, sessionId, questionId] = Array.from(
    { length: 8 },
    id,
  ) as [string, string, string, string, string, string, string, string];

  await db
    .insertInto('accounts')
    .values([
      { id: hostId, username: 'host', display_name: 'Host', role: 'host', password_hash: 'x', created_at: now },
      { id: otherHostId, username: 'other', display_name: 'Other', role: 'host', password_hash: 'x', created_at: now },
    ])
    .execute();
  await db
    .insertInto('org_units')
    .values({ id: unitId, parent_id: null, kind: 'cell', name: 'Chi bộ 1', code: 'C1', created_at: now })
    .execute();
  await db
    .insertInto('endpoints')
    .values({
      id: endpointId,
      unit_id: unitId,
      name: 'Điểm cầu 1',
      key_hash: null,
      key_rotated_at: null,
      created_at: now,
    })
    .execute();
  await db
    .insertInto('members')
    .values(
      [memberId, absentMemberId].map((mid, i) => ({
        id: mid,
        cell_id: unitId,
        full_name: `Đảng viên ${i + 1}`,
        member_number: `N00${i + 1}`,
        gender: 'female' as const,
        birth_year: 1985,
        phone: null,
        joined_on: null,
        pin_hash: null,
        created_at: now,
      })),
    )
    .execute();
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      title: 'Học tập Nghị quyết',
      resolution: 'Nghị quyết 1',
      status: 'live',
      scheduled_start: null,
      scheduled_end: null,
      started_at: now,
      ended_at: null,
      host_account_id: hostId,
      created_at: now,
      code: '123456',
    })
    .execute();
  await db
    .insertInto('session_invites')
    .values({ session_id: sessionId, endpoint_id: endpointId, invited_at: now })
    .execute();
  await db
    .insertInto('checkins')
    .values({
      id: id(),
      session_id: sessionId,
      member_id: memberId,
      endpoint_id: endpointId,
      checked_in_at: now,
      checked_out_at: null,
      checkout_reason: null,
    })
    .execute();
  await db
    .insertInto('quiz_questions')
    .values({
      id: questionId,
      session_id: sessionId,
      position: 1,
      type: 'single',
      prompt: 'Nghị quyết ban hành năm nào?',
      options: JSON.stringify(['2020', '2021', '2022']),
      correct: JSON.stringify([1]),
      accepted: JSON.stringify([]),
      time_limit_s: 30,
      explanation: 'Năm 2021.',
      created_at: now,
      updated_at: now,
    })
    .execute();
  const question = toQuestion(
    await db.selectFrom('quiz_questions').selectAll().where('id', '=', questionId).executeTakeFirstOrThrow(),
  );

  return {
    db,
    ctx,
    live,
    sessions: new SessionService(ctx, { audit: new AuditLog(db) }),
    host: { subject: hostId, role: 'host' },
    otherHost: { subject: otherHostId, role: 'host' },
    sessionId,
    endpointId,
    memberId,
    absentMemberId,
    question,
    close: () => db.destroy(),
  };
}
