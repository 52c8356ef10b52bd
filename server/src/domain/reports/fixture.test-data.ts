import type { SessionReportInput } from './reportInputs.js';

/**
 * A session written by hand for the report tests (2026-03-10, 10:00–12:00 UTC, 120 minutes,
 * threshold 0.8 = 96 minutes, grace 60 s). Expected figures are worked out in sessionReport.test.ts.
 */
const t = (hhmmss: string): string => `2026-03-10T${hhmmss}Z`;

const D1 = { districtId: 'd1', districtName: 'Huyện A' };
const D2 = { districtId: 'd2', districtName: 'Huyện B' };
const C1 = { communeId: 'c1', communeName: 'Xã Một', ...D1 };
const C2 = { communeId: 'c2', communeName: 'Xã Hai', ...D1 };
const C3 = { communeId: 'c3', communeName: 'Xã Ba', ...D2 };
const C5 = { communeId: 'c5', communeName: 'Xã Năm', ...D2 };

export const fixtureTime = t;

/**
 * Make-up study for the fixture, days later: m2 (one second short live) studied the recording
 * alone, m4 (never came) in a hall make-up at e2, m1 (live) was assigned and studied too, and m8,
 * from a commune not invited, made up in that hall. m6 (30 minutes live) did nothing.
 */
export function fixtureWithMakeup(): Partial<SessionReportInput> {
  const base = fixtureInput();
  return {
    members: [
      ...base.members,
      {
        id: 'm8',
        memberNumber: 'N008',
        fullName: 'Bùi Thị Hoa',
        gender: 'female',
        birthYear: 1970,
        cellId: 'k5',
        cellName: 'Chi bộ Năm',
        invited: false,
        ...C5,
      },
    ],
    makeup: [
      { memberId: 'm1', completedAt: '2026-03-12T08:00:00Z', via: 'individual' },
      { memberId: 'm2', completedAt: '2026-03-12T09:00:00Z', via: 'individual' },
      { memberId: 'm4', completedAt: '2026-03-13T10:30:00Z', via: 'hall' },
      { memberId: 'm8', completedAt: '2026-03-13T10:30:00Z', via: 'hall' },
    ],
  };
}

export function fixtureInput(overrides: Partial<SessionReportInput> = {}): SessionReportInput {
  return {
    session: {
      id: 's1',
      title: 'Học tập Nghị quyết',
      status: 'ended',
      startedAt: t('10:00:00'),
      endedAt: t('12:00:00'),
      attendanceThreshold: 0.8,
    },
    graceMs: 60_000,
    districtId: null,
    endpoints: [
      { id: 'e1', name: 'Điểm cầu Xã Một', invited: true, ...C1 },
      { id: 'e2', name: 'Điểm cầu Xã Hai', invited: true, ...C2 },
      { id: 'e3', name: 'Điểm cầu Xã Ba', invited: true, ...C3 },
    ],
    members: [
      {
        id: 'm1',
        memberNumber: 'N001',
        fullName: 'Nguyễn Văn An',
        gender: 'male',
        birthYear: 1990,
        cellId: 'k1',
        cellName: 'Chi bộ 1',
        invited: true,
        ...C1,
      },
      {
        id: 'm2',
        memberNumber: 'N002',
        fullName: 'Trần Thị Bình',
        gender: 'female',
        birthYear: 1980,
        cellId: 'k1',
        cellName: 'Chi bộ 1',
        invited: true,
        ...C1,
      },
      {
        id: 'm3',
        memberNumber: 'N003',
        fullName: 'Lê Văn Cường',
        gender: 'male',
        birthYear: 1987,
        cellId: 'k2',
        cellName: 'Chi bộ 2',
        invited: true,
        ...C1,
      },
      {
        id: 'm4',
        memberNumber: 'N004',
        fullName: 'Phạm Thị Dung',
        gender: 'female',
        birthYear: 1986,
        cellId: 'k3',
        cellName: 'Chi bộ Hai',
        invited: true,
        ...C2,
      },
      {
        id: 'm5',
        memberNumber: 'N005',
        fullName: 'Hoàng Thị Em',
        gender: 'female',
        birthYear: 2000,
        cellId: 'k3',
        cellName: 'Chi bộ Hai',
        invited: true,
        ...C2,
      },
      {
        id: 'm6',
        memberNumber: 'N006',
        fullName: 'Vũ Văn Phúc',
        gender: 'male',
        birthYear: 1960,
        cellId: 'k4',
        cellName: 'Chi bộ Ba',
        invited: true,
        ...C3,
      },
      // From a commune not invited: walked in at e2.
      {
        id: 'm7',
        memberNumber: 'N007',
        fullName: 'Đỗ Văn Giang',
        gender: 'male',
        birthYear: 1995,
        cellId: 'k5',
        cellName: 'Chi bộ Năm',
        invited: false,
        ...C5,
      },
    ],
    intervals: [
      // e1: before the start and overlapping (a second screen), a 5-minute break, a 30-second break, still open.
      { endpointId: 'e1', startedAt: t('09:50:00'), endedAt: t('10:30:00') },
      { endpointId: 'e1', startedAt: t('10:20:00'), endedAt: t('10:40:00') },
      { endpointId: 'e1', startedAt: t('10:45:00'), endedAt: t('11:00:00') },
      { endpointId: 'e1', startedAt: t('11:00:30'), endedAt: null },
      // e2: exactly 96 minutes, a 14-minute break, then past the end.
      { endpointId: 'e2', startedAt: t('10:00:00'), endedAt: t('11:36:00') },
      { endpointId: 'e2', startedAt: t('11:50:00'), endedAt: t('12:10:00') },
    ],
    headcounts: [
      { endpointId: 'e1', headCount: 30, reportedAt: t('10:05:00') },
      { endpointId: 'e1', headCount: 42, reportedAt: t('10:30:00') },
      { endpointId: 'e1', headCount: 38, reportedAt: t('11:30:00') },
    ],
    checkins: [
      // m1: exactly 96 minutes = the boundary → attended.
      { memberId: 'm1', endpointId: 'e1', checkedInAt: t('10:00:00'), checkedOutAt: t('11:36:00') },
      // m2: one second short → not attended.
      { memberId: 'm2', endpointId: 'e1', checkedInAt: t('10:00:00'), checkedOutAt: t('11:35:59') },
      // m3: at e1, then moved to e2: 40 + 70 = 110 minutes.
      { memberId: 'm3', endpointId: 'e1', checkedInAt: t('10:10:00'), checkedOutAt: t('10:50:00') },
      { memberId: 'm3', endpointId: 'e2', checkedInAt: t('10:50:00'), checkedOutAt: t('12:00:00') },
      // m5: before the start, never checked out → the whole 120 minutes.
      { memberId: 'm5', endpointId: 'e2', checkedInAt: t('09:30:00'), checkedOutAt: null },
      // m6: 30 minutes at another commune's endpoint.
      { memberId: 'm6', endpointId: 'e2', checkedInAt: t('10:00:00'), checkedOutAt: t('10:30:00') },
      { memberId: 'm7', endpointId: 'e2', checkedInAt: t('10:00:00'), checkedOutAt: t('12:00:00') },
    ],
    quiz: {
      runs: [
        {
          id: 'r1',
          questionId: 'q1',
          position: 0,
          prompt: 'Câu một?',
          type: 'single',
          options: ['Sai một', 'Đúng', 'Sai hai'],
          startedMs: Date.parse(t('11:00:00')),
        },
        {
          id: 'r2',
          questionId: 'q2',
          position: 1,
          prompt: 'Câu hai?',
          type: 'true_false',
          options: [],
          startedMs: Date.parse(t('11:10:00')),
        },
      ],
      answers: [
        { runId: 'r1', memberId: 'm1', endpointId: 'e1', answerKey: '1', correct: true, points: 100 },
        { runId: 'r1', memberId: 'm3', endpointId: 'e1', answerKey: '0', correct: false, points: 0 },
        { runId: 'r1', memberId: 'm5', endpointId: 'e2', answerKey: '1', correct: true, points: 90 },
        { runId: 'r2', memberId: 'm1', endpointId: 'e1', answerKey: '0', correct: true, points: 80 },
        { runId: 'r2', memberId: 'm5', endpointId: 'e2', answerKey: '1', correct: false, points: 0 },
      ],
      teamAnswers: [{ runId: 'r1', endpointId: 'e1', correct: true, points: 50 }],
    },
    makeup: [],
    link: { minutes: [], periods: [] },
    ...overrides,
  };
}
