import { describe, expect, it } from 'vitest';
import type { StudyProgress } from '@diem-cau/shared';
import { foldText, rowCounts, studyRows, visibleRows } from './studyRows';

const progress: StudyProgress = {
  settings: { enabled: true, share: 0.8, maxRate: 1.5, deadline: null },
  durationMs: 60_000,
  members: [
    {
      memberId: 'a',
      fullName: 'Nguyễn Văn An',
      memberNumber: 'M1',
      reason: 'absent',
      watchedMs: 30_000,
      watchedShare: 0.5,
      completedAt: null,
      cellName: 'Chi bộ 2',
      communeName: 'Xã Đông',
      completedVia: null,
    },
    {
      memberId: 'b',
      fullName: 'Trần Thị Bình',
      memberNumber: 'M2',
      reason: 'assigned',
      watchedMs: 60_000,
      watchedShare: 1,
      completedAt: '2026-03-05T02:00:00.000Z',
      cellName: 'Chi bộ 1',
      communeName: 'Xã Đông',
      completedVia: 'hall',
    },
  ],
};

const audience = [
  // In the progress list already: the server's row wins.
  {
    memberId: 'b',
    fullName: 'Trần Thị Bình',
    memberNumber: 'M2',
    cellName: 'Chi bộ 1',
    communeName: 'Xã Đông',
    invited: true,
    attended: true,
  },
  {
    memberId: 'c',
    fullName: 'Lê Văn Có',
    memberNumber: 'M3',
    cellName: 'Chi bộ 1',
    communeName: 'Xã Đông',
    invited: true,
    attended: true,
  },
  {
    memberId: 'd',
    fullName: 'Phạm Đức Vắng',
    memberNumber: 'M4',
    cellName: 'Chi bộ 3',
    communeName: 'Xã Đông',
    invited: true,
    attended: false,
  },
  // Neither invited nor present: not the session's.
  {
    memberId: 'e',
    fullName: 'Ngoài',
    memberNumber: 'M5',
    cellName: 'Chi bộ 9',
    communeName: 'Xã Tây',
    invited: false,
    attended: false,
  },
];

describe("the host's make-up study list", () => {
  const rows = studyRows(progress, audience);

  it('merges progress with the audience: absentees not started, attendees to assign, nobody twice', () => {
    expect(rows.map((r) => [r.memberId, r.kind, r.watchedShare, r.completedVia])).toEqual([
      ['c', 'attended', 0, null],
      ['b', 'assigned', 1, 'hall'],
      ['a', 'absent', 0.5, null],
      ['d', 'absent', 0, null],
    ]);
    expect(rowCounts(rows)).toEqual({ toStudy: 2, completed: 1, attended: 1 });
  });

  it('filters by status and searches names, numbers and cells without accents', () => {
    expect(visibleRows(rows, 'toStudy', '').map((r) => r.memberId)).toEqual(['a', 'd']);
    expect(visibleRows(rows, 'attended', '').map((r) => r.memberId)).toEqual(['c']);
    expect(visibleRows(rows, 'completed', '').map((r) => r.memberId)).toEqual(['b']);
    expect(visibleRows(rows, 'all', 'duc vang').map((r) => r.memberId)).toEqual(['d']);
    expect(visibleRows(rows, 'all', 'chi bo 1').map((r) => r.memberId)).toEqual(['c', 'b']);
    expect(visibleRows(rows, 'all', 'm1').map((r) => r.memberId)).toEqual(['a']);
    expect(foldText('  Đặng THỊ Hoà ')).toBe('dang thi hoa');
  });
});
