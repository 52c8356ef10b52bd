import type { AbsenteeGroup, EndpointReportRow, MemberReportRow, Participation, SessionReport } from '@diem-cau/shared';
import {
  mergeIntervals,
  type RawInterval,
  memberPresentMs,
  meetsAttendanceThreshold,
  sessionWindow,
  type CheckinSpan,
} from '../attendance/index.js';
import { computeLinkQuality } from './linkQuality.js';
import { computeQuizFigures } from './quizFigures.js';
import type { CheckinRow, EndpointInfo, IntervalRow, MemberInfo, SessionReportInput } from './reportInputs.js';

const byVi = (a: string, b: string): number => a.localeCompare(b, 'vi');

/** Live attendance comes first: make-up study counts only for a member who missed the live session. */
function participation(attended: boolean, makeup: { via: 'individual' | 'hall' } | undefined): Participation {
  if (attended) return 'live';
  if (!makeup) return 'absent';
  return makeup.via === 'hall' ? 'makeup_hall' : 'makeup_individual';
}

const toMs = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
}

const minIso = (values: string[]): string | null =>
  values.length ? values.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a)) : null;
const maxIso = (values: string[]): string | null =>
  values.length ? values.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a)) : null;

/**
 * Computes the session report from raw rows, with the attendance domain's rules (attendance/
 * mergeIntervals.ts and rules.ts): an endpoint's connected time is the union of its intervals
 * inside the session, reconnects are counted as the attendance view counts them; a member's
 * presence is the union of their check-ins at any endpoint inside the session, and they attended
 * when present for at least the session's threshold share; one who did not but completed make-up
 * study (alone or in a hall) made up, the others are absent. `now` closes open rows while live.
 */
export function computeSessionReport(input: SessionReportInput, now: number): SessionReport {
  const { session, districtId } = input;
  const window = sessionWindow(session.startedAt, session.endedAt, now);
  const durationMs = window ? window.end - window.start : 0;
  const openUntil = window ? Math.min(now, window.end) : now;
  const inScope = (d: string | null): boolean => districtId === null || d === districtId;

  const endpoints = input.endpoints.filter((e) => inScope(e.districtId));
  const endpointById = new Map<string, EndpointInfo>(input.endpoints.map((e) => [e.id, e]));
  const members = input.members.filter((m) => inScope(m.districtId));
  const memberIds = new Set(members.map((m) => m.id));
  const endpointIds = new Set(endpoints.map((e) => e.id));

  const quiz = computeQuizFigures(
    input.quiz,
    (id) => memberIds.has(id),
    (id) => endpointIds.has(id),
  );
  const intervalsByEndpoint = groupBy<IntervalRow>(input.intervals, (r) => r.endpointId);
  const headcountsByEndpoint = groupBy(input.headcounts, (r) => r.endpointId);
  const checkinsByMember = groupBy<CheckinRow>(input.checkins, (r) => r.memberId);
  const makeupByMember = new Map(input.makeup.map((c) => [c.memberId, c]));

  const endpointRows: EndpointReportRow[] = endpoints
    .filter((e) => e.invited || intervalsByEndpoint.has(e.id))
    .map((e) => {
      const rows = intervalsByEndpoint.get(e.id) ?? [];
      const raw: RawInterval[] = rows.map((r) => ({ start: Date.parse(r.startedAt), end: toMs(r.endedAt) }));
      const connectedMs = window
        ? mergeIntervals(raw, { graceMs: input.graceMs, now: openUntil, window }).connectedMs
        : 0;
      const hasOpen = rows.some((r) => r.endedAt === null);
      const heads = [...(headcountsByEndpoint.get(e.id) ?? [])].sort(
        (a, b) => Date.parse(a.reportedAt) - Date.parse(b.reportedAt),
      );
      const tally = quiz.byEndpoint.get(e.id);
      return {
        endpointId: e.id,
        endpointName: e.name,
        communeName: e.communeName,
        districtId: e.districtId,
        districtName: e.districtName,
        firstJoin: minIso(rows.map((r) => r.startedAt)),
        lastLeave: hasOpen ? null : maxIso(rows.flatMap((r) => (r.endedAt ? [r.endedAt] : []))),
        connectedNow: hasOpen && session.status === 'live',
        connectedMs,
        share: durationMs > 0 ? connectedMs / durationMs : 0,
        reconnects: mergeIntervals(raw, { graceMs: input.graceMs, now: openUntil }).reconnects,
        headcountMax: heads.length ? Math.max(...heads.map((h) => h.headCount)) : null,
        headcountLatest: heads.length ? (heads[heads.length - 1]?.headCount ?? null) : null,
        quizAnswers: tally?.answers ?? 0,
        quizCorrectRate: tally && tally.answers > 0 ? tally.correct / tally.answers : null,
        teamPoints: quiz.teamPointsByEndpoint.get(e.id) ?? 0,
      };
    })
    .sort(
      (a, b) =>
        byVi(a.districtName, b.districtName) ||
        byVi(a.communeName, b.communeName) ||
        byVi(a.endpointName, b.endpointName),
    );

  const memberRows: MemberReportRow[] = members
    .map((m: MemberInfo) => {
      const stints = checkinsByMember.get(m.id) ?? [];
      const spans: CheckinSpan[] = stints.map((r) => ({
        endpointId: r.endpointId,
        checkedInAt: Date.parse(r.checkedInAt),
        checkedOutAt: toMs(r.checkedOutAt),
      }));
      const presentMs = window ? memberPresentMs(spans, window, openUntil) : 0;
      const open = stints.some((s) => s.checkedOutAt === null);
      const tally = quiz.byMember.get(m.id);
      const endpointNames = [...new Set(stints.map((s) => endpointById.get(s.endpointId)?.name ?? s.endpointId))];
      const attended = meetsAttendanceThreshold(presentMs, durationMs, session.attendanceThreshold);
      const makeup = makeupByMember.get(m.id);
      const took = participation(attended, makeup);
      return {
        memberId: m.id,
        memberNumber: m.memberNumber,
        fullName: m.fullName,
        gender: m.gender,
        birthYear: m.birthYear,
        cellId: m.cellId,
        cellName: m.cellName,
        communeId: m.communeId,
        communeName: m.communeName,
        districtId: m.districtId,
        districtName: m.districtName,
        invited: m.invited,
        checkedInAt: minIso(stints.map((s) => s.checkedInAt)),
        checkedOutAt: open ? null : maxIso(stints.flatMap((s) => (s.checkedOutAt ? [s.checkedOutAt] : []))),
        presentMs,
        attended,
        participation: took,
        makeupCompletedAt: took === 'live' ? null : (makeup?.completedAt ?? null),
        endpointNames,
        quizAsked: quiz.questions.length,
        quizAnswered: tally?.answers ?? 0,
        quizCorrect: tally?.correct ?? 0,
        quizPoints: tally?.points ?? 0,
      };
    })
    .filter((m) => m.invited || m.checkedInAt !== null || m.makeupCompletedAt !== null)
    .sort(
      (a, b) =>
        byVi(a.districtName, b.districtName) ||
        byVi(a.communeName, b.communeName) ||
        byVi(a.cellName, b.cellName) ||
        byVi(a.fullName, b.fullName),
    );

  const absentees: AbsenteeGroup[] = [];
  // Still to study: invited, missed the live session, and no make-up completed yet.
  for (const m of memberRows) {
    if (!m.invited || m.participation !== 'absent') continue;
    let group = absentees.find((g) => g.cellId === m.cellId);
    if (!group)
      absentees.push(
        (group = {
          cellId: m.cellId,
          cellName: m.cellName,
          communeName: m.communeName,
          districtName: m.districtName,
          members: [],
        }),
      );
    group.members.push({
      memberId: m.memberId,
      memberNumber: m.memberNumber,
      fullName: m.fullName,
      presentMs: m.presentMs,
    });
  }

  const linkQuality = computeLinkQuality(endpoints, input.link.minutes, input.link.periods, window ?? null, openUntil);

  const invitedMembers = memberRows.filter((m) => m.invited);
  const attendedMembers = invitedMembers.filter((m) => m.attended).length;
  const count = (p: Participation): number => invitedMembers.filter((m) => m.participation === p).length;
  const makeupHallMembers = count('makeup_hall');
  const makeupMembers = count('makeup_individual') + makeupHallMembers;
  return {
    kind: 'session',
    generatedAt: new Date(now).toISOString(),
    asOf: window ? new Date(window.end).toISOString() : null,
    session: {
      id: session.id,
      title: session.title,
      status: session.status,
      startedAt: session.startedAt,
      endedAt: session.endedAt,
      durationMs,
      attendanceThreshold: session.attendanceThreshold,
    },
    districtId,
    summary: {
      invitedEndpoints: endpointRows.filter((e) => endpointById.get(e.endpointId)?.invited).length,
      connectedEndpoints: endpointRows.filter((e) => e.connectedMs > 0).length,
      invitedMembers: invitedMembers.length,
      checkedInMembers: memberRows.filter((m) => m.checkedInAt !== null).length,
      attendedMembers,
      attendanceRate: invitedMembers.length > 0 ? attendedMembers / invitedMembers.length : null,
      makeupMembers,
      makeupHallMembers,
      absentMembers: count('absent'),
      completionRate: invitedMembers.length > 0 ? (attendedMembers + makeupMembers) / invitedMembers.length : null,
      headcountLatestTotal: endpointRows.reduce((sum, e) => sum + (e.headcountLatest ?? 0), 0),
      quizQuestions: quiz.questions.length,
      quizCorrectRate: quiz.total.answers > 0 ? quiz.total.correct / quiz.total.answers : null,
      weakLinks: linkQuality.filter((l) => l.weak).length,
    },
    endpoints: endpointRows,
    members: memberRows,
    absentees,
    quiz: quiz.questions,
    linkQuality,
  };
}
