import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../store/database.js';
import { attendanceQueries } from '../attendance/index.js';
import { linkQueries } from '../broadcast/index.js';
import { checkinQueries } from '../checkin/index.js';
import { makeupQueries } from '../makeup/index.js';
import { orgQueries, type MemberPlace } from '../org/index.js';
import { quizStamp, sessionMemberAnswers, sessionRunsWithQuestions, sessionTeamAnswers } from '../quiz/index.js';
import { sessionQueries } from '../sessions/index.js';
import type { EndpointInfo, MemberInfo, QuizRunInfo, SessionInfo, SessionReportInput } from './reportInputs.js';

/** Bump when the report's shape or figures change, so stored reports are rebuilt. */
export const REPORT_FORMAT_VERSION = 3;

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
  return sessionQueries.sessionFacts(db, sessionId);
}

/** Conferences that started within [from, to], in order (hall make-ups count under the session they replay). */
export async function sessionsStartedBetween(db: Database, from: string, to: string): Promise<SessionInfo[]> {
  const [sessions, halls] = await Promise.all([
    sessionQueries.sessionsStartedBetween(db, from, to),
    makeupQueries.hallSessionIds(db),
  ]);
  return sessions.filter((s) => !halls.has(s.id));
}

function toMember(m: MemberPlace, invited: boolean): MemberInfo {
  return { ...m, districtName: m.districtName ?? '', invited };
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
    sessionQueries.invitedEndpointIds(db, sid),
    attendanceQueries.sessionIntervals(db, sid),
    attendanceQueries.sessionHeadcounts(db, sid),
    checkinQueries.sessionCheckins(db, sid),
  ]);
  const invited = new Set(invites);
  const places = await orgQueries.endpointPlaces(db, [
    ...invited,
    ...intervals.map((i) => i.endpointId),
    ...checkins.map((c) => c.endpointId),
  ]);
  const endpoints: EndpointInfo[] = places.map((e) => ({
    id: e.id,
    name: e.name,
    communeId: e.communeId,
    communeName: e.communeName,
    districtId: e.districtId,
    districtName: e.districtName ?? '',
    invited: invited.has(e.id),
  }));

  const invitedCommunes = endpoints.filter((e) => e.invited).map((e) => e.communeId);
  const members = new Map<string, MemberInfo>();
  // Members as they stood when the session started: one archived later is still expected (and counted).
  for (const m of await orgQueries.membersOfCommunes(db, invitedCommunes, session.startedAt))
    members.set(m.id, toMember(m, true));
  const [runs, answers, teamAnswers, linkMinutes, linkPeriods, makeup] = await Promise.all([
    sessionRunsWithQuestions(db, sid),
    sessionMemberAnswers(db, sid),
    sessionTeamAnswers(db, sid),
    linkQueries.linkMinutes(db, sid),
    linkQueries.linkPeriods(db, sid),
    makeupQueries.sessionCompletions(db, sid),
  ]);
  // Members not invited who checked in anyway, or made up in a hall that was: counted, not expected.
  const walkIns = [...new Set([...checkins, ...makeup].map((c) => c.memberId))].filter((id) => !members.has(id));
  for (const m of await orgQueries.memberPlaces(db, walkIns)) members.set(m.id, toMember(m, false));

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
    intervals,
    headcounts,
    checkins: checkins.map(({ checkoutReason: _reason, ...c }) => c),
    quiz: {
      runs: quizRuns,
      answers,
      teamAnswers,
    },
    makeup,
    link: { minutes: linkMinutes, periods: linkPeriods },
  };
}

/**
 * A fingerprint of everything a session's report depends on. Two requests with the same
 * fingerprint are the same report (the job id carries it), so asking twice builds once, and any
 * new interval, check-in, head-count, answer or make-up completion makes a new version. While the session is live the
 * figures grow with the clock, so the current minute is part of the fingerprint.
 */
export async function sessionDataVersion(db: Database, sessionId: string, now: number): Promise<string> {
  const [session, attendance, checkins, invites, quiz, archive, link, makeup] = await Promise.all([
    loadSessionInfo(db, sessionId),
    attendanceQueries.attendanceStamp(db, sessionId),
    checkinQueries.checkinStamp(db, sessionId),
    sessionQueries.inviteCount(db, sessionId),
    quizStamp(db, sessionId),
    orgQueries.memberArchiveStamp(db),
    linkQueries.linkStamp(db, sessionId),
    makeupQueries.completionStamp(db, sessionId),
  ]);
  const fingerprint = JSON.stringify([
    REPORT_FORMAT_VERSION,
    session,
    session?.status === 'live' ? Math.floor(now / 60_000) : null,
    [attendance.intervals, checkins.n, attendance.headcounts, quiz.answers, quiz.teamAnswers, invites, quiz.runs],
    [attendance.closedIntervals, attendance.lastClosed, checkins.closed, checkins.last],
    // Who is expected at a session not started yet depends on who is archived now.
    session?.startedAt ? null : archive,
    link,
    makeup,
  ]);
  return createHash('sha256').update(fingerprint).digest('hex').slice(0, 16);
}
