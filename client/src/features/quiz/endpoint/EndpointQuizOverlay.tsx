import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '@diem-cau/shared';
import { RequestError, request, type AppSocket } from '../../../lib/socket';
import { AnswerInput } from '../common/AnswerInput';
import { DistributionBars } from '../common/DistributionBars';
import { choiceLabels, correctText } from '../common/labels';
import { LeaderboardTables } from '../common/LeaderboardTables';
import { useQuizState, useServerCountdown } from '../common/useQuizState';
import '../quiz.css';

/**
 * The quiz on the endpoint's TV: the question in large type with the server's countdown, the answer
 * and the distribution after the reveal, the leaderboard while the host shows it, and a team answer
 * for halls where members have no phones.
 */
export function EndpointQuizOverlay({ socket, joinedAt }: { socket: AppSocket | null; joinedAt: unknown }) {
  const { t } = useTranslation();
  const quiz = useQuizState(socket, joinedAt);
  const secondsLeft = useServerCountdown(quiz.run, quiz.clockOffset);
  const [teamOpen, setTeamOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = quiz.run;
  const reveal = run && quiz.reveal?.runId === run.runId ? quiz.reveal : null;
  const open = run !== null && run.closedAt === null && !run.revealed;
  const mine = run && quiz.mine?.runId === run.runId ? quiz.mine : null;
  if (!run && !quiz.leaderboard) return null;
  // The leaderboard shares the screen with a revealed question, never with an open one.
  const showBoard = quiz.leaderboard !== null && (!run || reveal !== null);

  const sendTeam = async (answer: Answer) => {
    if (!socket || !run) return;
    setError(null);
    try {
      quiz.setMine(await request(socket, 'quiz:teamAnswer', { runId: run.runId, answer }));
      setTeamOpen(false);
    } catch (e) {
      const code = e instanceof RequestError ? e.code : 'UNAVAILABLE';
      setError(code === 'DEADLINE_PASSED' ? t('quiz.errors.DEADLINE_PASSED') : t('quiz.errors.generic', { code }));
    }
  };

  return (
    <aside
      className={showBoard && run ? 'quiz-tv quiz-tv--with-board' : 'quiz-tv'}
      data-testid="endpoint-quiz"
      data-state={reveal ? 'revealed' : open ? 'open' : run ? 'closed' : 'board'}
    >
      {run && (
        <section className="quiz-tv__question">
          <header className="quiz-tv__head">
            <span>{t('quiz.title')}</span>
            <strong className="quiz-countdown" data-testid="quiz-countdown">
              {open
                ? t('quiz.run.secondsLeft', { count: secondsLeft })
                : reveal
                  ? t('quiz.run.revealed')
                  : t('quiz.run.timeUp')}
            </strong>
          </header>
          <h2 className="quiz-tv__prompt" data-testid="quiz-prompt">
            {run.question.prompt}
          </h2>
          {!reveal && run.question.type !== 'short' && (
            <ol className="quiz-tv__options">
              {choiceLabels(t, run.question.type, run.question.options).map((label, i) => (
                <li key={i}>{label}</li>
              ))}
            </ol>
          )}
          {reveal && (
            <>
              <p className="quiz-tv__answer">
                {t('quiz.answer.correctAnswer')}:{' '}
                <strong>
                  {correctText(t, reveal.type, reveal.correctChoice, reveal.accepted, run.question.options)}
                </strong>
              </p>
              {reveal.explanation && <p className="quiz-tv__explanation">{reveal.explanation}</p>}
              <DistributionBars
                distribution={reveal.distribution}
                options={run.question.options}
                correct={reveal.correctChoice}
                size="large"
              />
            </>
          )}
          {open && !mine && (
            <div className="quiz-tv__team">
              {teamOpen ? (
                <>
                  <p>{t('quiz.team.title')}</p>
                  <AnswerInput
                    question={run.question}
                    disabled={false}
                    onAnswer={(a) => void sendTeam(a)}
                    sendLabel={t('quiz.team.send')}
                  />
                </>
              ) : (
                <button
                  type="button"
                  className="tv-button"
                  onClick={() => setTeamOpen(true)}
                  data-testid="quiz-team-open"
                >
                  {t('quiz.team.send')}
                </button>
              )}
            </div>
          )}
          {mine && !reveal && <p className="quiz-ok">{t('quiz.team.sent')}</p>}
          {error && (
            <p className="quiz-error" role="alert">
              {error}
            </p>
          )}
        </section>
      )}
      {showBoard && quiz.leaderboard && (
        <LeaderboardTables
          board={quiz.leaderboard}
          limit={5}
          scopes={run ? ['endpoints', 'districts'] : ['members', 'endpoints', 'districts']}
        />
      )}
    </aside>
  );
}
