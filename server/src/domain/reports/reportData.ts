import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../store/database.js';
import type { EndpointInfo, MemberInfo, QuizRunInfo, SessionInfo, SessionReportInput } from './reportInputs.js';

/** Bump when the report's shape or figures change, so stored reports are rebuilt. */
export const REPORT_FORMAT_VERSION = 1;

const CHUNK = 500;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

/** The question as the run saved it; older or partial copies fall back to the bank. */
const runQuestionSchema = z.looseObject({
  prompt: z.string().optional(),
  type: z.string().optional(),
  options: z.array(z.string()).optional(),
  position: z.number().optional(),
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function loadSessionInfo(db: Database, sessionId: string): Promise<SessionInfo | undefined> {
  const s = await db
    .selectFrom('sessions')
    .select(['id', 'title', 'status', 'started_at', 'ended_at', 'attendance_threshold'])
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return (
    s && {
      id: s.id,
      title: s.title,
      status: s.status,
      startedAt: s.started_at,
      endedAt: s.ended_at,
      attendanceThreshold: s.attendance_threshold,
    }
  );
}

async function loadEndpoints(db: Database, ids: string[], invited: Set<string>): Promise<EndpointInfo[]> {
  const out: EndpointInfo[] = [];
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('endpoints as e')
      .innerJoin('org_units as c', 'c.id', 'e.unit_id')
      .leftJoin('org_units as d', 'd.id', 'c.parent_id')
      .select([
        'e.id',
        'e.name',
        'c.id as commune_id',
        'c.name as commune_name',
        'd.id as district_id',
        'd.name as district_name',
      ])
      .where('e.id', 'in', part)
      .execute();
    for (const r of rows) {
      out.push({
        id: r.id,
        name: r.name,
        communeId: r.commune_id,
        communeName: r.commune_name,
        districtId: r.district_id,
        districtName: r.district_name ?? '',
        invited: invited.has(r.id),
      });
    }
  }
  return out;
}

const memberColumns = [
  'm.id',
  'm.member_number',
  'm.full_name',
  'm.gender',
  'm.birth_year',
  'cell.id as cell_id',
  'cell.name as cell_name',
  'c.id as commune_id',
  'c.name as commune_name',
  'd.id as district_id',
  'd.name as district_name',
] as const;

function memberQuery(db: Database) {
  return db
    .selectFrom('members as m')
    .innerJoin('org_units as cell', 'cell.id', 'm.cell_id')
    .innerJoin('org_units as c', 'c.id', 'cell.parent_id')
    .leftJoin('org_units as d', 'd.id', 'c.parent_id')
    .select(memberColumns);
}

type MemberRow = Awaited<ReturnType<ReturnType<typeof memberQuery>['execute']>>[number];

function toMember(r: MemberRow, invited: boolean): MemberInfo {
  return {
    id: r.id,
    memberNumber: r.member_number,
    fullName: r.full_name,
    gender: r.gender,
    birthYear: r.birth_year,
    cellId: r.cell_id,
    cellName: r.cell_name,
    communeId: r.commune_id,
    communeName: r.commune_name,
    districtId: r.district_id,
    districtName: r.district_name ?? '',
    invited,
  };
}

/**
 * Everything a session report is computed from: invited endpoints and the members of their
 * communes' cells (the members invited), the attendance rows and the quiz answers.
 */
export async function loadSessionReportInput(
  db: Database,
  session: SessionInfo,
  districtId: string | null,
  graceMs: number,
): Promise<SessionReportInput> {
  const sid = session.id;
  const [invites, intervals, headcounts, checkins] = await Promise.all([
    db.selectFrom('session_invites').select('endpoint_id').where('session_id', '=', sid).execute(),
    db
      .selectFrom('attendance_intervals')
      .select(['endpoint_id', 'started_at', 'ended_at'])
      .where('session_id', '=', sid)
      .execute(),
    db
      .selectFrom('headcount_reports')
      .select(['endpoint_id', 'head_count', 'reported_at'])
      .where('session_id', '=', sid)
      .execute(),
    db
      .selectFrom('checkins')
      .select(['member_id', 'endpoint_id', 'checked_in_at', 'checked_out_at'])
      .where('session_id', '=', sid)
      .execute(),
  ]);
  const invited = new Set(invites.map((i) => i.endpoint_id));
  const endpointIds = new Set([
    ...invited,
    ...intervals.map((i) => i.endpoint_id),
    ...checkins.map((c) => c.endpoint_id),
  ]);
  const endpoints = await loadEndpoints(db, [...endpointIds], invited);

  const invitedCommunes = [...new Set(endpoints.filter((e) => e.invited).map((e) => e.communeId))];
  const members = new Map<string, MemberInfo>();
  for (const part of chunks(invitedCommunes)) {
    for (const r of await memberQuery(db).where('c.id', 'in', part).execute()) members.set(r.id, toMember(r, true));
  }
  const walkIns = [...new Set(checkins.map((c) => c.member_id))].filter((id) => !members.has(id));
  for (const part of chunks(walkIns)) {
    for (const r of await memberQuery(db).where('m.id', 'in', part).execute()) members.set(r.id, toMember(r, false));
  }

  const [runs, answers, teamAnswers] = await Promise.all([
    db
      .selectFrom('quiz_runs as r')
      .leftJoin('quiz_questions as q', 'q.id', 'r.question_id')
      .select([
        'r.id',
        'r.question_id',
        'r.question_json',
        'r.started_ms',
        'q.prompt',
        'q.type',
        'q.options',
        'q.position',
      ])
      .where('r.session_id', '=', sid)
      .execute(),
    db
      .selectFrom('quiz_answers')
      .select(['run_id', 'member_id', 'endpoint_id', 'answer_key', 'correct', 'points'])
      .where('session_id', '=', sid)
      .execute(),
    db
      .selectFrom('quiz_team_answers')
      .select(['run_id', 'endpoint_id', 'correct', 'points'])
      .where('session_id', '=', sid)
      .execute(),
  ]);
  const quizRuns: QuizRunInfo[] = runs.map((r, i) => {
    const saved = runQuestionSchema.safeParse(parseJson(r.question_json));
    const q = saved.success ? saved.data : {};
    const bankOptions = z.array(z.string()).safeParse(parseJson(r.options ?? '[]'));
    return {
      id: r.id,
      questionId: r.question_id,
      position: q.position ?? r.position ?? i,
      prompt: q.prompt ?? r.prompt ?? '',
      type: q.type ?? r.type ?? 'single',
      options: q.options ?? (bankOptions.success ? bankOptions.data : []),
      startedMs: r.started_ms,
    };
  });

  return {
    session,
    graceMs,
    districtId,
    endpoints,
    members: [...members.values()],
    intervals: intervals.map((r) => ({ endpointId: r.endpoint_id, startedAt: r.started_at, endedAt: r.ended_at })),
    headcounts: headcounts.map((r) => ({
      endpointId: r.endpoint_id,
      headCount: r.head_count,
      reportedAt: r.reported_at,
    })),
    checkins: checkins.map((r) => ({
      memberId: r.member_id,
      endpointId: r.endpoint_id,
      checkedInAt: r.checked_in_at,
      checkedOutAt: r.checked_out_at,
    })),
    quiz: {
      runs: quizRuns,
      answers: answers.map((a) => ({
        runId: a.run_id,
        memberId: a.member_id,
        endpointId: a.endpoint_id,
        answerKey: a.answer_key,
        correct: a.correct === 1,
        points: a.points,
      })),
      teamAnswers: teamAnswers.map((a) => ({
        runId: a.run_id,
        endpointId: a.endpoint_id,
        correct: a.correct === 1,
        points: a.points,
      })),
    },
  };
}

/**
 * A fingerprint of everything a session's report depends on. Two requests with the same
 * fingerprint are the same report (the job id carries it), so asking twice builds once, and any
 * new interval, check-in, head-count or answer makes a new version. While the session is live the
 * figures grow with the clock, so the current minute is part of the fingerprint.
 */
export async function sessionDataVersion(db: Database, sessionId: string, now: number): Promise<string> {
  const stamp = (
    table:
      | 'attendance_intervals'
      | 'checkins'
      | 'headcount_reports'
      | 'quiz_answers'
      | 'quiz_team_answers'
      | 'session_invites'
      | 'quiz_runs',
  ) =>
    db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow();
  const [session, intervals, checkins, heads, answers, team, invites, runs, closedIntervals, closedCheckins] =
    await Promise.all([
      loadSessionInfo(db, sessionId),
      stamp('attendance_intervals'),
      stamp('checkins'),
      stamp('headcount_reports'),
      stamp('quiz_answers'),
      stamp('quiz_team_answers'),
      stamp('session_invites'),
      stamp('quiz_runs'),
      db
        .selectFrom('attendance_intervals')
        .select((eb) => [eb.fn.count<number>('ended_at').as('n'), eb.fn.max('ended_at').as('last')])
        .where('session_id', '=', sessionId)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('checkins')
        .select((eb) => [eb.fn.count<number>('checked_out_at').as('n'), eb.fn.max('checked_out_at').as('last')])
        .where('session_id', '=', sessionId)
        .executeTakeFirstOrThrow(),
    ]);
  const fingerprint = JSON.stringify([
    REPORT_FORMAT_VERSION,
    session,
    session?.status === 'live' ? Math.floor(now / 60_000) : null,
    [intervals.n, checkins.n, heads.n, answers.n, team.n, invites.n, runs.n],
    [closedIntervals.n, closedIntervals.last, closedCheckins.n, closedCheckins.last],
  ]);
  return createHash('sha256').update(fingerprint).digest('hex').slice(0, 16);
}

/** Sessions that started within [from, to], in order. */
export async function sessionsStartedBetween(db: Database, from: string, to: string): Promise<SessionInfo[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'title', 'status', 'started_at', 'ended_at', 'attendance_threshold'])
    .where('started_at', 'is not', null)
    .where('started_at', '>=', new Date(from).toISOString())
    .where('started_at', '<=', new Date(to).toISOString())
    .orderBy('started_at')
    .execute();
  return rows.map((s) => ({
    id: s.id,
    title: s.title,
    status: s.status,
    startedAt: s.started_at,
    endedAt: s.ended_at,
    attendanceThreshold: s.attendance_threshold,
  }));
}
