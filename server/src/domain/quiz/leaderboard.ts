import type { InvitedEndpoint, Leaderboard, LeaderboardRow } from '@diem-cau/shared';
import type { Database } from '../../store/database.js';
import { revealedSumsOfMember, revealedSumsOfSession } from './quizStore.js';
import { totalFromAggregates } from './scoring.js';

/** Member rows shown (everyone is counted in memberCount and in the endpoint means). */
const TOP_MEMBERS = 50;

interface Aggregate {
  answered: number;
  correct: number;
  speedSum: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const byScore = (a: LeaderboardRow, b: LeaderboardRow) =>
  b.score - a.score || b.correct - a.correct || a.name.localeCompare(b.name, 'vi');

/**
 * Leaderboards of a session's live answers to revealed questions only, so no score moves before the
 * answer is public (see scoring.ts for the formula):
 * - members: their total over every answer;
 * - endpoints: the mean total of the members checked in there (last check-in; no answer = 0),
 *   or, when no member checked in there, the total of its team answers;
 * - districts: the mean of their endpoints that took part.
 */
export async function buildLeaderboard(
  db: Database,
  sessionId: string,
  invited: readonly InvitedEndpoint[],
): Promise<Leaderboard> {
  const [{ members: memberAgg, teams: teamAgg }, checkins] = await Promise.all([
    revealedSumsOfSession(db, sessionId),
    db
      .selectFrom('checkin_spans as c')
      .innerJoin('member_places as m', 'm.member_id', 'c.member_id')
      .select(['c.member_id', 'c.endpoint_id', 'c.checked_in_at', 'm.full_name'])
      .where('c.session_id', '=', sessionId)
      .orderBy('c.checked_in_at')
      .execute(),
  ]);
  const toAgg = (r: { answered: number; correct: number; speed_sum: number }): Aggregate => ({
    answered: Number(r.answered),
    correct: Number(r.correct ?? 0),
    speedSum: Number(r.speed_sum ?? 0),
  });
  const members = new Map(memberAgg.map((r) => [r.who, toAgg(r)]));
  const teams = new Map(teamAgg.map((r) => [r.who, toAgg(r)]));
  // Each member belongs to the endpoint of their last check-in.
  const memberEndpoint = new Map<string, { endpointId: string; name: string }>();
  for (const c of checkins) memberEndpoint.set(c.member_id, { endpointId: c.endpoint_id, name: c.full_name });
  const endpointName = new Map(invited.map((e) => [e.endpointId, e.endpointName]));

  const memberRows: LeaderboardRow[] = [...members].map(([id, a]) => {
    const where = memberEndpoint.get(id);
    return {
      id,
      name: where?.name ?? id,
      group: where ? (endpointName.get(where.endpointId) ?? null) : null,
      correct: a.correct,
      answered: a.answered,
      score: totalFromAggregates(a.correct, a.speedSum),
    };
  });

  const membersAt = new Map<string, string[]>();
  for (const [memberId, where] of memberEndpoint)
    membersAt.set(where.endpointId, [...(membersAt.get(where.endpointId) ?? []), memberId]);
  const endpointRows: LeaderboardRow[] = invited.map((e) => {
    const here = membersAt.get(e.endpointId) ?? [];
    const team = teams.get(e.endpointId);
    const group = e.districtName ?? e.unitName;
    if (here.length > 0) {
      const aggs = here.map((m) => members.get(m) ?? { answered: 0, correct: 0, speedSum: 0 });
      const mean = aggs.reduce((s, a) => s + totalFromAggregates(a.correct, a.speedSum), 0) / aggs.length;
      return {
        id: e.endpointId,
        name: e.endpointName,
        group,
        correct: aggs.reduce((s, a) => s + a.correct, 0),
        answered: aggs.reduce((s, a) => s + a.answered, 0),
        score: round1(mean),
        basis: 'members' as const,
      };
    }
    if (team)
      return {
        id: e.endpointId,
        name: e.endpointName,
        group,
        correct: team.correct,
        answered: team.answered,
        score: totalFromAggregates(team.correct, team.speedSum),
        basis: 'team' as const,
      };
    return { id: e.endpointId, name: e.endpointName, group, correct: 0, answered: 0, score: 0, basis: 'none' as const };
  });

  const districts = new Map<string, { name: string; rows: LeaderboardRow[] }>();
  for (const e of invited) {
    const row = endpointRows.find((r) => r.id === e.endpointId);
    if (!row || row.basis === 'none') continue;
    const id = e.districtId ?? e.unitId;
    const entry = districts.get(id) ?? { name: e.districtName ?? e.unitName, rows: [] };
    entry.rows.push(row);
    districts.set(id, entry);
  }
  const districtRows: LeaderboardRow[] = [...districts].map(([id, d]) => ({
    id,
    name: d.name,
    group: null,
    correct: d.rows.reduce((s, r) => s + r.correct, 0),
    answered: d.rows.reduce((s, r) => s + r.answered, 0),
    score: round1(d.rows.reduce((s, r) => s + r.score, 0) / d.rows.length),
  }));

  return {
    sessionId,
    members: memberRows.sort(byScore).slice(0, TOP_MEMBERS),
    endpoints: endpointRows.sort(byScore),
    districts: districtRows.sort(byScore),
    memberCount: memberRows.length,
  };
}

/** One member's total over the revealed questions (null before their first revealed answer). */
export async function memberTotal(db: Database, sessionId: string, memberId: string): Promise<number | null> {
  const row = await revealedSumsOfMember(db, sessionId, memberId);
  if (!row || Number(row.answered) === 0) return null;
  return totalFromAggregates(Number(row.correct), Number(row.speed_sum));
}
