import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type Question, type QuestionInput, type QuizSettings } from '@diem-cau/shared';
import { RequestError, request, type AppSocket } from '../../../lib/socket';
import { api } from '../common/api';
import { DistributionBars } from '../common/DistributionBars';
import { correctText } from '../common/labels';
import { LeaderboardTables } from '../common/LeaderboardTables';
import { useQuizState, useServerCountdown } from '../common/useQuizState';
import { BankTransfer } from './BankTransfer';
import { QuestionEditor } from './QuestionEditor';
import '../quiz.css';

/**
 * The host's quiz panel: the session's bank (edit, import, export), launching a question, closing
 * early, extending, revealing, the live distribution, and the leaderboards (optionally on the TVs).
 */
export function HostQuizPanel({
  socket,
  joinedAt,
  token,
  sessionId,
}: {
  socket: AppSocket | null;
  joinedAt: unknown;
  token: string;
  sessionId: string;
}) {
  const { t } = useTranslation();
  const quiz = useQuizState(socket, joinedAt);
  const secondsLeft = useServerCountdown(quiz.run, quiz.clockOffset);
  const [questions, setQuestions] = useState<Question[]>([]);
  const [editing, setEditing] = useState<Question | 'new' | null>(null);
  const [settings, setSettings] = useState<QuizSettings | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api(API.quiz.listQuestions, { params: { sessionId }, token }).then(setQuestions, () => undefined);
    api(API.quiz.settings, { params: { sessionId }, token }).then(setSettings, () => undefined);
  }, [token, sessionId]);
  useEffect(load, [load]);

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(t('quiz.errors.generic', { code: e instanceof RequestError ? e.code : 'UNAVAILABLE' }));
    }
  };
  /** Moves a question one place up (-1) or down (+1); the server stores the whole new order. */
  const move = (index: number, delta: -1 | 1) =>
    act(async () => {
      const ids = questions.map((q) => q.id);
      const [moved] = ids.splice(index, 1);
      if (moved === undefined) return;
      ids.splice(index + delta, 0, moved);
      setQuestions(await api(API.quiz.reorderQuestions, { params: { sessionId }, body: { ids }, token }));
    });
  const save = async (input: QuestionInput) => {
    if (editing === 'new') await api(API.quiz.createQuestion, { params: { sessionId }, body: input, token });
    else if (editing)
      await api(API.quiz.updateQuestion, { params: { sessionId, questionId: editing.id }, body: input, token });
    setEditing(null);
    load();
  };

  const run = quiz.run;
  const open = run !== null && run.closedAt === null && !run.revealed;
  const distribution = quiz.distribution ?? quiz.reveal?.distribution ?? null;
  const live = socket !== null;

  return (
    <section className="quiz-host" data-testid="host-quiz">
      <h2>{t('quiz.title')}</h2>
      {error && (
        <p className="quiz-error" role="alert">
          {error}
        </p>
      )}

      {run && (
        <div
          className="quiz-host__run"
          data-testid="host-quiz-run"
          data-state={run.revealed ? 'revealed' : open ? 'open' : 'closed'}
        >
          <p>
            <strong>{run.question.prompt}</strong> —{' '}
            {open
              ? t('quiz.run.secondsLeft', { count: secondsLeft })
              : run.revealed
                ? t('quiz.run.revealed')
                : t('quiz.run.closed')}
          </p>
          <div className="quiz-row">
            {open && (
              <button
                type="button"
                onClick={() => void act(() => request(socket!, 'quiz:close', { runId: run.runId }))}
              >
                {t('quiz.run.close')}
              </button>
            )}
            {!run.revealed && (
              <button
                type="button"
                onClick={() => void act(() => request(socket!, 'quiz:extend', { runId: run.runId, seconds: 15 }))}
              >
                {t('quiz.run.extend', { count: 15 })}
              </button>
            )}
            {!run.revealed && (
              <button
                type="button"
                className="quiz-primary"
                data-testid="quiz-reveal"
                onClick={() => void act(() => request(socket!, 'quiz:reveal', { runId: run.runId }))}
              >
                {t('quiz.run.reveal')}
              </button>
            )}
          </div>
          {quiz.reveal?.runId === run.runId && (
            <p>
              {t('quiz.answer.correctAnswer')}:{' '}
              <strong>
                {correctText(
                  t,
                  quiz.reveal.type,
                  quiz.reveal.correctChoice,
                  quiz.reveal.accepted,
                  run.question.options,
                )}
              </strong>
            </p>
          )}
          {distribution && distribution.runId === run.runId && (
            <DistributionBars
              distribution={distribution}
              options={run.question.options}
              correct={quiz.reveal?.runId === run.runId ? quiz.reveal.correctChoice : undefined}
            />
          )}
        </div>
      )}

      <details open className="quiz-host__bank">
        <summary>
          {t('quiz.bank.title')} ({questions.length})
        </summary>
        {questions.length === 0 && <p>{t('quiz.bank.empty')}</p>}
        <ol className="quiz-host__list" data-testid="quiz-bank">
          {questions.map((q, index) => (
            <li key={q.id} data-question-id={q.id}>
              <span>
                <small>
                  {t(`quiz.types.${q.type}`)} · {t('quiz.bank.seconds', { count: q.timeLimitS })}
                </small>{' '}
                {q.prompt}
              </span>
              <span className="quiz-row">
                <button
                  type="button"
                  className="quiz-primary"
                  disabled={!live || open}
                  data-testid="quiz-launch"
                  onClick={() => void act(() => request(socket!, 'quiz:launch', { questionId: q.id }))}
                >
                  {t('quiz.bank.launch')}
                </button>
                <span className="quiz-bank__order">
                  <button
                    type="button"
                    disabled={index === 0}
                    aria-label={t('quiz.bank.moveUp')}
                    title={t('quiz.bank.moveUp')}
                    data-testid="quiz-move-up"
                    onClick={() => void move(index, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    disabled={index === questions.length - 1}
                    aria-label={t('quiz.bank.moveDown')}
                    title={t('quiz.bank.moveDown')}
                    data-testid="quiz-move-down"
                    onClick={() => void move(index, 1)}
                  >
                    ↓
                  </button>
                </span>
                <button type="button" onClick={() => setEditing(q)}>
                  {t('quiz.bank.edit')}
                </button>
                <button
                  type="button"
                  onClick={() =>
                    window.confirm(t('quiz.bank.confirmDelete')) &&
                    void act(async () => {
                      await api(API.quiz.deleteQuestion, { params: { sessionId, questionId: q.id }, token });
                      load();
                    })
                  }
                >
                  {t('quiz.bank.delete')}
                </button>
              </span>
            </li>
          ))}
        </ol>
        {editing ? (
          <QuestionEditor
            key={editing === 'new' ? 'new' : editing.id}
            initial={editing === 'new' ? undefined : editing}
            onSave={save}
            onCancel={() => setEditing(null)}
          />
        ) : (
          <button type="button" onClick={() => setEditing('new')} data-testid="quiz-add">
            {t('quiz.bank.add')}
          </button>
        )}
        <BankTransfer token={token} sessionId={sessionId} onImported={load} />
      </details>

      <div className="quiz-host__board">
        {settings && (
          <label className="quiz-editor__inline">
            <input
              type="checkbox"
              checked={settings.showLeaderboardOnEndpoints}
              disabled={!live}
              data-testid="quiz-show-board"
              onChange={(e) => {
                const visible = e.target.checked;
                setSettings({ ...settings, showLeaderboardOnEndpoints: visible });
                void act(() => request(socket!, 'quiz:showLeaderboard', { visible })).then(load);
              }}
            />
            {t('quiz.leaderboard.showOnEndpoints')}
          </label>
        )}
        {quiz.leaderboard && <LeaderboardTables board={quiz.leaderboard} />}
      </div>
    </section>
  );
}
