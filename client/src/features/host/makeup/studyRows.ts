import type { MemberReportRow, StudyProgress } from '@diem-cau/shared';

/** Why a member is in the host's list: must study (absent, or assigned) or attended live (may be assigned). */
export type RowKind = 'absent' | 'assigned' | 'attended';

export interface StudyRow {
  memberId: string;
  fullName: string;
  memberNumber: string;
  /** "cell — commune". */
  place: string;
  kind: RowKind;
  watchedShare: number;
  completedAt: string | null;
  completedVia: 'individual' | 'hall' | null;
  /** Folded name, number and place, for the search box. */
  haystack: string;
}

export const ROW_FILTERS = ['all', 'toStudy', 'completed', 'attended'] as const;
export type RowFilter = (typeof ROW_FILTERS)[number];

/** Case- and accent-insensitive text, so that "nguyen" finds "Nguyễn" (đ has no combining mark). */
export const foldText = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().trim();

type ReportMember = Pick<
  MemberReportRow,
  'memberId' | 'fullName' | 'memberNumber' | 'cellName' | 'communeName' | 'invited' | 'attended'
>;

/**
 * One row per member: those with make-up study as the server counts their progress, the rest of the
 * session's audience from its report (invited and absent: must study, nothing watched yet; attended
 * live: may be assigned). Sorted by place, then name, as the cells' lists are read.
 */
export function studyRows(progress: StudyProgress, audience: readonly ReportMember[]): StudyRow[] {
  const rows = new Map<string, StudyRow>();
  const add = (row: Omit<StudyRow, 'haystack'>) =>
    rows.set(row.memberId, { ...row, haystack: foldText(`${row.fullName} ${row.memberNumber} ${row.place}`) });
  for (const m of progress.members)
    add({
      memberId: m.memberId,
      fullName: m.fullName,
      memberNumber: m.memberNumber,
      place: `${m.cellName} — ${m.communeName}`,
      kind: m.reason,
      watchedShare: m.watchedShare,
      completedAt: m.completedAt,
      completedVia: m.completedVia,
    });
  for (const m of audience) {
    if (rows.has(m.memberId) || (!m.invited && !m.attended)) continue;
    add({
      memberId: m.memberId,
      fullName: m.fullName,
      memberNumber: m.memberNumber,
      place: `${m.cellName} — ${m.communeName}`,
      kind: m.attended ? 'attended' : 'absent',
      watchedShare: 0,
      completedAt: null,
      completedVia: null,
    });
  }
  return [...rows.values()].sort(
    (a, b) => a.place.localeCompare(b.place, 'vi', { numeric: true }) || a.fullName.localeCompare(b.fullName, 'vi'),
  );
}

export function matchesFilter(row: StudyRow, filter: RowFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'toStudy':
      return row.kind !== 'attended' && row.completedAt === null;
    case 'completed':
      return row.completedAt !== null;
    case 'attended':
      return row.kind === 'attended';
  }
}

/** The rows the filter and the search keep, in order. */
export function visibleRows(rows: readonly StudyRow[], filter: RowFilter, query: string): StudyRow[] {
  const needle = foldText(query);
  return rows.filter((r) => matchesFilter(r, filter) && (!needle || r.haystack.includes(needle)));
}

/** How many must study, have completed, and attended live. */
export function rowCounts(rows: readonly StudyRow[]): Record<'toStudy' | 'completed' | 'attended', number> {
  let toStudy = 0;
  let completed = 0;
  let attended = 0;
  for (const r of rows) {
    if (r.kind === 'attended') attended += 1;
    else if (r.completedAt === null) toStudy += 1;
    if (r.completedAt !== null) completed += 1;
  }
  return { toStudy, completed, attended };
}
