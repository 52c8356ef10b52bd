import { describe, expect, it } from 'vitest';
import { fixtureInput, fixtureTime as t, fixtureWithMakeup } from './fixture.test-data.js';
import { ageGroupOf, computeRangeReport } from './rangeReport.js';
import { computeSessionReport } from './sessionReport.js';

const MIN = 60_000;
const NOW = Date.parse('2026-03-11T00:00:00Z');

describe('session report against a hand-computed fixture', () => {
  const report = computeSessionReport(fixtureInput(), NOW);
  const endpoint = (id: string) => report.endpoints.find((e) => e.endpointId === id);
  const member = (id: string) => report.members.find((m) => m.memberId === id);

  it('takes the session window and its duration', () => {
    expect(report.session.durationMs).toBe(120 * MIN);
    expect(report.asOf).toBe(new Date(t('12:00:00')).toISOString());
  });

  it('merges overlapping intervals, clips them to the session and counts breaks as reconnects', () => {
    // [10:00–10:40] (09:50–10:30 ∪ 10:20–10:40, cut at the start) + [10:45–11:00] + [11:00:30–12:00] (open, closed by the end)
    expect(endpoint('e1')).toMatchObject({
      connectedMs: 40 * MIN + 15 * MIN + 59.5 * MIN,
      reconnects: 2,
      firstJoin: t('09:50:00'),
      lastLeave: null,
      connectedNow: false,
      headcountMax: 42,
      headcountLatest: 38,
    });
    expect(endpoint('e1')?.share).toBeCloseTo(114.5 / 120, 10);
    // [10:00–11:36] + [11:50–12:00] (cut at the end)
    expect(endpoint('e2')).toMatchObject({
      connectedMs: 106 * MIN,
      reconnects: 1,
      firstJoin: t('10:00:00'),
      lastLeave: t('12:10:00'),
      headcountMax: null,
      headcountLatest: null,
    });
    expect(endpoint('e3')).toMatchObject({ connectedMs: 0, share: 0, reconnects: 0, firstJoin: null, lastLeave: null });
    expect(report.endpoints.map((e) => e.endpointId)).toEqual(['e2', 'e1', 'e3']); // Huyện A: Xã Hai, Xã Một; Huyện B
  });

  it('applies the attendance rule exactly at its boundary', () => {
    expect(member('m1')).toMatchObject({ presentMs: 96 * MIN, attended: true });
    expect(member('m2')).toMatchObject({ presentMs: 96 * MIN - 1000, attended: false });
  });

  it('counts a member checked in at two endpoints once, over both stints', () => {
    expect(member('m3')).toMatchObject({
      presentMs: 110 * MIN,
      attended: true,
      checkedInAt: t('10:10:00'),
      checkedOutAt: t('12:00:00'),
    });
    expect(member('m3')?.endpointNames).toEqual(['Điểm cầu Xã Một', 'Điểm cầu Xã Hai']);
    expect(member('m5')).toMatchObject({ presentMs: 120 * MIN, attended: true, checkedOutAt: null });
    expect(member('m4')).toMatchObject({ presentMs: 0, attended: false, checkedInAt: null });
    expect(member('m7')).toMatchObject({ invited: false, attended: true });
  });

  it('lists invited absentees grouped by cell, in order', () => {
    expect(report.absentees.map((g) => [g.cellName, g.communeName, g.members.map((m) => m.memberNumber)])).toEqual([
      ['Chi bộ Hai', 'Xã Hai', ['N004']],
      ['Chi bộ 1', 'Xã Một', ['N002']],
      ['Chi bộ Ba', 'Xã Ba', ['N006']],
    ]);
    expect(report.absentees[2]?.members[0]?.presentMs).toBe(30 * MIN);
  });

  it('sums up the session', () => {
    expect(report.summary).toEqual({
      invitedEndpoints: 3,
      connectedEndpoints: 2,
      invitedMembers: 6,
      checkedInMembers: 6,
      attendedMembers: 3,
      attendanceRate: 0.5,
      makeupMembers: 0,
      makeupHallMembers: 0,
      absentMembers: 3,
      completionRate: 0.5,
      headcountLatestTotal: 38,
      quizQuestions: 2,
      quizCorrectRate: 3 / 5,
      weakLinks: 0,
    });
  });

  it('computes quiz distributions, correct rates and scores per member and endpoint', () => {
    expect(report.quiz.map((q) => [q.prompt, q.answers, q.correct])).toEqual([
      ['Câu một?', 3, 2],
      ['Câu hai?', 2, 1],
    ]);
    expect(report.quiz[0]?.correctRate).toBeCloseTo(2 / 3, 10);
    expect(report.quiz[0]?.distribution).toEqual([
      { key: '1', label: 'B. Đúng', count: 2, correct: true },
      { key: '0', label: 'A. Sai một', count: 1, correct: false },
    ]);
    expect(report.quiz[1]?.distribution.map((d) => [d.label, d.count])).toEqual([
      ['Đúng', 1],
      ['Sai', 1],
    ]);
    expect(member('m1')).toMatchObject({ quizAsked: 2, quizAnswered: 2, quizCorrect: 2, quizPoints: 180 });
    expect(member('m3')).toMatchObject({ quizAnswered: 1, quizCorrect: 0, quizPoints: 0 });
    expect(endpoint('e1')).toMatchObject({ quizAnswers: 3, teamPoints: 50 });
    expect(endpoint('e1')?.quizCorrectRate).toBeCloseTo(2 / 3, 10);
    expect(endpoint('e2')).toMatchObject({ quizAnswers: 2, quizCorrectRate: 0.5, teamPoints: 0 });
  });

  it('filters by district', () => {
    const b = computeSessionReport(fixtureInput({ districtId: 'd2' }), NOW);
    expect(b.endpoints.map((e) => e.endpointId)).toEqual(['e3']);
    expect(b.members.map((m) => m.memberId)).toEqual(['m6', 'm7']);
    expect(b.summary).toMatchObject({
      invitedMembers: 1,
      attendedMembers: 0,
      attendanceRate: 0,
      quizCorrectRate: null,
    });
  });

  it('runs the figures up to now while the session is live', () => {
    const live = computeSessionReport(
      fixtureInput({ session: { ...fixtureInput().session, status: 'live', endedAt: null } }),
      Date.parse(t('11:00:00')),
    );
    expect(live.session.durationMs).toBe(60 * MIN);
    expect(live.endpoints.find((e) => e.endpointId === 'e1')).toMatchObject({
      connectedMs: 55 * MIN,
      connectedNow: true,
    });
    expect(live.members.find((m) => m.memberId === 'm1')).toMatchObject({ presentMs: 60 * MIN, attended: true });
  });

  it('reports nothing for a session that has not started', () => {
    const idle = computeSessionReport(
      fixtureInput({ session: { ...fixtureInput().session, status: 'scheduled', startedAt: null, endedAt: null } }),
      NOW,
    );
    expect(idle.summary).toMatchObject({ attendedMembers: 0, invitedMembers: 6 });
    expect(idle.endpoints.every((e) => e.connectedMs === 0)).toBe(true);
  });
});

describe('session report with make-up study (same fixture, hand-computed)', () => {
  const report = computeSessionReport(fixtureInput(fixtureWithMakeup()), NOW);
  const took = (id: string) => report.members.find((m) => m.memberId === id)?.participation;

  it('tells live, make-up alone, make-up in a hall and absent apart, live first', () => {
    expect(report.members.map((m) => [m.memberId, m.participation])).toEqual([
      ['m5', 'live'], // Huyện A, Xã Hai, Chi bộ Hai: by full name, Hoàng Thị Em before Phạm Thị Dung
      ['m4', 'makeup_hall'],
      ['m1', 'live'], // Xã Một, Chi bộ 1: An (live, studied again), Bình (short by 1 s, studied alone)
      ['m2', 'makeup_individual'],
      ['m3', 'live'],
      ['m6', 'absent'], // Huyện B
      ['m8', 'makeup_hall'], // not invited: listed because she made up
      ['m7', 'live'],
    ]);
    expect(report.members.find((m) => m.memberId === 'm1')?.makeupCompletedAt).toBeNull();
    expect(report.members.find((m) => m.memberId === 'm2')).toMatchObject({
      attended: false,
      makeupCompletedAt: '2026-03-12T09:00:00Z',
    });
    expect(took('m8')).toBe('makeup_hall');
  });

  it('counts the invited only: 3 live, 2 made up (1 in a hall), 1 absent; absentees are those still to study', () => {
    expect(report.summary).toMatchObject({
      invitedMembers: 6,
      attendedMembers: 3,
      attendanceRate: 0.5,
      makeupMembers: 2,
      makeupHallMembers: 1,
      absentMembers: 1,
      completionRate: 5 / 6,
    });
    expect(report.absentees.map((g) => g.members.map((m) => m.memberNumber))).toEqual([['N006']]);
  });

  it('adds make-up to the range figures per cell and to the trend', () => {
    const range = computeRangeReport(
      { from: '2026-01-01T00:00:00.000Z', to: '2026-12-31T00:00:00.000Z', districtId: null },
      [report],
      NOW,
    );
    expect(range.summary).toMatchObject({ invited: 6, attended: 3, makeup: 2, rate: 0.5, completedRate: 5 / 6 });
    expect(range.byCell.map((r) => [r.label, r.invited, r.attended, r.makeup])).toEqual([
      ['Chi bộ Ba', 1, 0, 0],
      ['Chi bộ Hai', 2, 1, 1],
      ['Chi bộ 1', 2, 1, 1],
      ['Chi bộ 2', 1, 1, 0],
      ['Chi bộ Năm', 0, 0, 0],
    ]);
    expect(range.trend[0]).toMatchObject({ invited: 6, attended: 3, makeup: 2 });
  });
});

describe('range report', () => {
  it('counts the age group in the session year, 40 being the first year of the older group', () => {
    expect(ageGroupOf(1987, t('10:00:00'))).toBe('under40');
    expect(ageGroupOf(1986, t('10:00:00'))).toBe('from40');
    // 31 Dec 2026 17:30 UTC is already 2027 in Vietnam.
    expect(ageGroupOf(1987, '2026-12-31T17:30:00Z')).toBe('from40');
  });

  it('aggregates by district, commune, cell, gender and age group, and traces the trend', () => {
    const first = computeSessionReport(fixtureInput(), NOW);
    const secondInput = fixtureInput({
      session: {
        ...fixtureInput().session,
        id: 's2',
        title: 'Phiên hai',
        startedAt: '2026-04-10T10:00:00Z',
        endedAt: '2026-04-10T12:00:00Z',
      },
      intervals: [],
      checkins: [
        { memberId: 'm2', endpointId: 'e1', checkedInAt: '2026-04-10T10:00:00Z', checkedOutAt: '2026-04-10T12:00:00Z' },
      ],
      quiz: { runs: [], answers: [], teamAnswers: [] },
    });
    const second = computeSessionReport(secondInput, NOW);
    const range = computeRangeReport(
      { from: '2026-01-01T00:00:00.000Z', to: '2026-12-31T00:00:00.000Z', districtId: null },
      [second, first],
      NOW,
    );

    expect(range.sessions).toBe(2);
    expect(range.summary).toMatchObject({ invited: 12, attended: 4, rate: 4 / 12, quizAnswers: 5 });
    expect(range.byDistrict.map((r) => [r.label, r.invited, r.attended])).toEqual([
      ['Huyện A', 10, 4],
      ['Huyện B', 2, 0],
    ]);
    expect(range.byCommune.map((r) => [r.parent, r.label, r.invited, r.attended])).toEqual([
      ['Huyện A', 'Xã Hai', 4, 1],
      ['Huyện A', 'Xã Một', 6, 3],
      ['Huyện B', 'Xã Ba', 2, 0],
      ['Huyện B', 'Xã Năm', 0, 0],
    ]);
    expect(range.byCell.find((r) => r.label === 'Chi bộ 1')).toMatchObject({ invited: 4, attended: 2 });
    // Genders: male m1 m3 m6, female m2 m4 m5 (per session).
    expect(range.byGender.map((r) => [r.key, r.label, r.invited, r.attended])).toEqual([
      ['male', 'Nam', 6, 2],
      ['female', 'Nữ', 6, 2],
    ]);
    expect(range.byGender[0]?.quizCorrectRate).toBeCloseTo(2 / 3, 10);
    // Under 40 in 2026: m1 (36), m3 (39), m5 (26); 40 and over: m2 (46), m4 (40), m6 (66).
    expect(range.byAgeGroup.map((r) => [r.key, r.invited, r.attended])).toEqual([
      ['under40', 6, 3],
      ['from40', 6, 1],
    ]);
    expect(range.trend.map((x) => [x.sessionId, x.invited, x.attended, x.rate])).toEqual([
      ['s1', 6, 3, 0.5],
      ['s2', 6, 1, 1 / 6],
    ]);
  });
});
