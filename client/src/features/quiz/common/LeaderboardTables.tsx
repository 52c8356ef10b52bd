import { useTranslation } from 'react-i18next';
import type { Leaderboard, LeaderboardRow } from '@diem-cau/shared';

function Table({
  title,
  rows,
  limit,
  testId,
}: {
  title: string;
  rows: LeaderboardRow[];
  limit: number;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <section className="quiz-board__table" data-testid={testId}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p>{t('quiz.leaderboard.empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>{t('quiz.leaderboard.name')}</th>
              <th>{t('quiz.leaderboard.correct')}</th>
              <th>{t('quiz.leaderboard.score')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, limit).map((r, i) => (
              <tr key={r.id}>
                <td>{i + 1}</td>
                <td>
                  {r.name}
                  {r.group && <small> · {r.group}</small>}
                  {r.basis === 'team' && <small> ({t('quiz.leaderboard.teamBasis')})</small>}
                </td>
                <td>{r.correct}</td>
                <td>{r.score.toLocaleString('vi-VN')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Members, endpoints and districts side by side (the TV shows endpoints and districts, fewer rows). */
export function LeaderboardTables({
  board,
  limit = 10,
  scopes = ['members', 'endpoints', 'districts'],
}: {
  board: Leaderboard;
  limit?: number;
  scopes?: ReadonlyArray<'members' | 'endpoints' | 'districts'>;
}) {
  const { t } = useTranslation();
  return (
    <div className="quiz-board" data-testid="quiz-leaderboard">
      <h2>{t('quiz.leaderboard.title')}</h2>
      <div className="quiz-board__grid">
        {scopes.includes('members') && (
          <Table title={t('quiz.leaderboard.members')} rows={board.members} limit={limit} testId="quiz-board-members" />
        )}
        {scopes.includes('endpoints') && (
          <Table
            title={t('quiz.leaderboard.endpoints')}
            rows={board.endpoints.filter((e) => e.basis !== 'none')}
            limit={limit}
            testId="quiz-board-endpoints"
          />
        )}
        {scopes.includes('districts') && (
          <Table
            title={t('quiz.leaderboard.districts')}
            rows={board.districts}
            limit={limit}
            testId="quiz-board-districts"
          />
        )}
      </div>
    </div>
  );
}
