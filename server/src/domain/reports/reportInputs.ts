/** Raw rows a session report is computed from (loaded by reportData.ts, or written by hand in tests). */

export interface SessionInfo {
  id: string;
  title: string;
  status: 'draft' | 'scheduled' | 'live' | 'ended';
  startedAt: string | null;
  endedAt: string | null;
  attendanceThreshold: number;
}

export interface EndpointInfo {
  id: string;
  name: string;
  communeId: string;
  communeName: string;
  districtId: string | null;
  districtName: string;
  invited: boolean;
}

export interface MemberInfo {
  id: string;
  memberNumber: string;
  fullName: string;
  gender: 'male' | 'female';
  birthYear: number;
  cellId: string;
  cellName: string;
  communeId: string;
  communeName: string;
  districtId: string | null;
  districtName: string;
  invited: boolean;
}

export interface IntervalRow {
  endpointId: string;
  startedAt: string;
  endedAt: string | null;
}

export interface HeadcountRow {
  endpointId: string;
  headCount: number;
  reportedAt: string;
}

export interface CheckinRow {
  memberId: string;
  endpointId: string;
  checkedInAt: string;
  checkedOutAt: string | null;
}

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
}
