import {
  participationOf,
  type MemberReportRow,
  type RangeReport,
  type RateRow,
  type SessionReport,
} from '@diem-cau/shared';

/** Vietnam's clock (UTC+7, no daylight saving): a member's age is counted in the session's local year. */
const VN_OFFSET_MS = 7 * 3600_000;

export const GENDER_LABELS: Record<MemberReportRow['gender'], string> = { male: 'Nam', female: 'Nữ' };
export const AGE_GROUPS = [
  { key: 'under40', label: 'Dưới 40 tuổi' },
  { key: 'from40', label: 'Từ 40 tuổi trở lên' },
] as const;

/** "under40" when the member is younger than 40 in the session's year (as the province's statistics count). */
export function ageGroupOf(birthYear: number, sessionStartedAt: string): 'under40' | 'from40' {
  const year = new Date(Date.parse(sessionStartedAt) + VN_OFFSET_MS).getUTCFullYear();
  return year - birthYear < 40 ? 'under40' : 'from40';
}

interface Acc {
  key: string;
  label: string;
  parent: string;
  invited: number;
  attended: number;
  makeup: number;
  quizAnswers: number;
  quizCorrect: number;
}

class Buckets {
  readonly #map = new Map<string, Acc>();

  add(key: string, label: string, parent: string, m: MemberReportRow): void {
    let acc = this.#map.get(key);
    if (!acc)
      this.#map.set(
        key,
        (acc = { key, label, parent, invited: 0, attended: 0, makeup: 0, quizAnswers: 0, quizCorrect: 0 }),
      );
    if (m.invited) {
      acc.invited += 1;
      const took = participationOf(m);
      if (took === 'live') acc.attended += 1;
      else if (took !== 'absent') acc.makeup += 1;
    }
    acc.quizAnswers += m.quizAnswered;
    acc.quizCorrect += m.quizCorrect;
  }

  rows(order: 'label' | 'insertion' = 'label'): RateRow[] {
    const list = [...this.#map.values()].map(toRow);
    if (order === 'label')
      list.sort((a, b) => a.parent.localeCompare(b.parent, 'vi') || a.label.localeCompare(b.label, 'vi'));
    return list;
  }
}

function toRow(a: Acc): RateRow {
  return {
    key: a.key,
    label: a.label,
    parent: a.parent,
    invited: a.invited,
    attended: a.attended,
    rate: a.invited > 0 ? a.attended / a.invited : null,
    makeup: a.makeup,
    completedRate: a.invited > 0 ? (a.attended + a.makeup) / a.invited : null,
    quizAnswers: a.quizAnswers,
    quizCorrectRate: a.quizAnswers > 0 ? a.quizCorrect / a.quizAnswers : null,
  };
}

/**
 * Participation across sessions, from each session's report: every (session, invited member) is
 * one expected attendance, met live or made up (alone or in a hall); rates by district, commune, cell, gender and age group; quiz
 * understanding (share of correct answers) alongside; and the trend session by session.
 */
export function computeRangeReport(
  params: { from: string; to: string; districtId: string | null },
  sessions: readonly SessionReport[],
  now: number,
): RangeReport {
  const total = new Buckets();
  const district = new Buckets();
  const commune = new Buckets();
  const cell = new Buckets();
  const gender = new Buckets();
  const age = new Buckets();
  for (const g of ['male', 'female'] as const) gender.add(g, GENDER_LABELS[g], '', emptyMember(g));
  for (const a of AGE_GROUPS) age.add(a.key, a.label, '', emptyMember('male'));

  const ordered = [...sessions].sort(
    (a, b) => Date.parse(a.session.startedAt ?? '') - Date.parse(b.session.startedAt ?? ''),
  );
  const trend = ordered.map((s) => {
    const startedAt = s.session.startedAt ?? s.generatedAt;
    for (const m of s.members) {
      total.add('all', 'Toàn tỉnh', '', m);
      district.add(m.districtId ?? '-', m.districtName, '', m);
      commune.add(m.communeId, m.communeName, m.districtName, m);
      cell.add(m.cellId, m.cellName, `${m.communeName} — ${m.districtName}`, m);
      gender.add(m.gender, GENDER_LABELS[m.gender], '', m);
      const group = ageGroupOf(m.birthYear, startedAt);
      age.add(group, AGE_GROUPS.find((x) => x.key === group)?.label ?? group, '', m);
    }
    return {
      sessionId: s.session.id,
      title: s.session.title,
      startedAt,
      invited: s.summary.invitedMembers,
      attended: s.summary.attendedMembers,
      rate: s.summary.attendanceRate,
      makeup: s.summary.makeupMembers,
      connectedEndpoints: s.summary.connectedEndpoints,
      invitedEndpoints: s.summary.invitedEndpoints,
      quizCorrectRate: s.summary.quizCorrectRate,
    };
  });

  const summary =
    total.rows()[0] ??
    toRow({
      key: 'all',
      label: 'Toàn tỉnh',
      parent: '',
      invited: 0,
      attended: 0,
      makeup: 0,
      quizAnswers: 0,
      quizCorrect: 0,
    });
  return {
    kind: 'range',
    generatedAt: new Date(now).toISOString(),
    from: params.from,
    to: params.to,
    districtId: params.districtId,
    sessions: sessions.length,
    summary,
    byDistrict: district.rows(),
    byCommune: commune.rows(),
    byCell: cell.rows(),
    byGender: gender.rows('insertion'),
    byAgeGroup: age.rows('insertion'),
    trend,
  };
}

/** A member row that counts nothing: seeds the fixed groups so they show even when empty. */
function emptyMember(gender: MemberReportRow['gender']): MemberReportRow {
  return {
    memberId: '',
    memberNumber: '',
    fullName: '',
    gender,
    birthYear: 0,
    cellId: '',
    cellName: '',
    communeId: '',
    communeName: '',
    districtId: null,
    districtName: '',
    invited: false,
    checkedInAt: null,
    checkedOutAt: null,
    presentMs: 0,
    attended: false,
    endpointNames: [],
    quizAsked: 0,
    quizAnswered: 0,
    quizCorrect: 0,
    quizPoints: 0,
  };
}
