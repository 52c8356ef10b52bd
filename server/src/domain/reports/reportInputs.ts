/** Raw rows a session report is computed from (loaded by reportData.ts, or written by hand in tests). */
import type { HeadcountRow, IntervalRow } from '../attendance/index.js';
import type { LinkMinuteRecord, LinkPeriodRecord } from '../broadcast/index.js';
import type { CheckinRow as CheckinSpanRow } from '../checkin/index.js';
import type { MakeupCompletion } from '../makeup/index.js';
import type { MemberPlace } from '../org/index.js';
import type { SessionFacts } from '../sessions/index.js';

/** What a report needs of a session (the sessions domain's facts). */
export type SessionInfo = SessionFacts;

export interface EndpointInfo {
  id: string;
  name: string;
  communeId: string;
  communeName: string;
  districtId: string | null;
  districtName: string;
  invited: boolean;
}

/** A member as the report counts them: where they belong, and whether their commune was invited. */
export interface MemberInfo extends Omit<MemberPlace, 'districtName'> {
  districtName: string;
  invited: boolean;
}

export type { HeadcountRow, IntervalRow };

/** A check-in as the report reads it (the reason it closed does not matter to the figures). */
export type CheckinRow = Omit<CheckinSpanRow, 'checkoutReason'>;

export interface QuizRunInfo {
  id: string;
  questionId: string;
  position: number;
  prompt: string;
  type: string;
  options: string[];
  startedMs: number;
}

export interface QuizAnswerRow {
  runId: string;
  memberId: string;
  endpointId: string;
  answerKey: string;
  correct: boolean;
  points: number;
}

export interface QuizTeamAnswerRow {
  runId: string;
  endpointId: string;
  correct: boolean;
  points: number;
}

export interface QuizInput {
  runs: QuizRunInfo[];
  answers: QuizAnswerRow[];
  teamAnswers: QuizTeamAnswerRow[];
}

export interface SessionReportInput {
  session: SessionInfo;
  /** Reconnect gaps up to this long are bridged (ATTENDANCE_GRACE_SECONDS), as the attendance view does. */
  graceMs: number;
  /** Only figures of this district-level unit (dashboard filter); null for the whole province. */
  districtId: string | null;
  /** Invited endpoints and any other endpoint that appears in the rows. */
  endpoints: EndpointInfo[];
  /** Members of the invited communes' cells and any other member who checked in. */
  members: MemberInfo[];
  intervals: IntervalRow[];
  headcounts: HeadcountRow[];
  checkins: CheckinRow[];
  quiz: QuizInput;
  /** Members who completed make-up study of this session (alone or in a hall). */
  makeup: MakeupCompletion[];
  /** The endpoints' link quality record (broadcast domain). */
  link: { minutes: LinkMinuteRecord[]; periods: LinkPeriodRecord[] };
}
