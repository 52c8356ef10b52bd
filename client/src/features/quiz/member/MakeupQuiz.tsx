import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type Answer, type MakeupAttempt, type MakeupResult, type MakeupStatus } from '@diem-cau/shared';
import { AnswerInput } from '../common/AnswerInput';
import { ApiError, api } from '../common/api';
import { correctText } from '../common/labels';
import '../quiz.css';

/** The self-paced make-up quiz on the phone (REST; the member's token is enough). */
export function MakeupQuiz({ token, sessionId }: { token: string; sessionId: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<MakeupStatus | null>(null);
  const [attempt, setAttempt] = useState<MakeupAttempt | null>(null);
  const [index, setIndex] = useState(0);
  const [result, setResult] = useState<MakeupResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const loadStatus = useCallback(() => {
    api(API.quiz.makeupStatus, { params: { sessionId }, token }).then(setStatus, (e: { code?: string }) =>
      setError(t('quiz.errors.generic', { code: e.code ?? 'UNAVAILABLE' })),
    );
  }, [token, sessionId, t]);
  useEffect(loadStatus, [loadStatus]);

  // Every call reports a refusal (e.g. no attempt left, taken on another phone) instead of failing silently.
  const attemptCall = async (call: () => Promise<void>) => {
    setNotice(null);
    try {
      await call();
    } catch (e) {
      setNotice(t('quiz.makeup.startFailed', { code: e instanceof ApiError ? e.code : 'UNAVAILABLE' }));
      loadStatus();
    }
  };
  const start = () =>
    attemptCall(async () => {
      const a = await api(API.quiz.startMakeup, { params: { sessionId }, token });
      setAttempt(a);
      setIndex(a.results.length);
      setResult(null);
    });
  const answer = (questionId: string, value: Answer) =>
    attemptCall(async () => {
      if (!attempt) return;
      const r = await api(API.quiz.answerMakeup, {
        params: { attemptId: attempt.id },
        body: { questionId, answer: value },
        token,
      });
      setAttempt({ ...attempt, results: [...attempt.results.filter((x) => x.questionId !== questionId), r] });
    });
  const finish = () =>
    attemptCall(async () => {
      if (!attempt) return;
      setResult(await api(API.quiz.finishMakeup, { params: { attemptId: attempt.id }, token }));
      setAttempt(null);
      loadStatus();
    });

  if (error) return <p className="quiz-error">{error}</p>;
  if (!status) return <p>{t('app.loading')}</p>;
  const used = status.attempts.length;
  const question = attempt?.questions[index];
  const done = question ? attempt?.results.find((r) => r.questionId === question.id) : undefined;
  return (
    <section className="quiz-phone" data-testid="makeup-quiz">
      <h2>
        {t('quiz.makeup.title')}: {status.sessionTitle}
      </h2>
      {notice && (
        <p className="quiz-error" role="alert">
          {notice}
        </p>
      )}
      {result && (
        <p className="quiz-ok quiz-big" data-testid="makeup-result">
          {t('quiz.makeup.result', { correct: result.correct, total: result.total, score: result.score })}
        </p>
      )}
      {!attempt && (
        <>
          <p>{status.eligible ? t('quiz.makeup.intro') : t(`quiz.makeup.reasons.${status.reason ?? 'disabled'}`)}</p>
          <p className="quiz-muted" data-testid="makeup-attempts">
            {t('quiz.makeup.attempts', { used, max: status.maxAttempts })}
          </p>
          {status.attempts.some((a) => a.finishedAt !== null) && (
            <ul className="quiz-makeup-list">
              {status.attempts
                .filter((a) => a.finishedAt !== null)
                .map((a) => (
                  <li key={a.id}>
                    {t('quiz.makeup.attemptScore', { number: a.number, correct: a.correct, score: a.score })}
                  </li>
                ))}
            </ul>
          )}
          {status.eligible && (
            <button type="button" className="quiz-primary" onClick={() => void start()} data-testid="makeup-start">
              {status.attempts.some((a) => a.finishedAt === null) ? t('quiz.makeup.resume') : t('quiz.makeup.start')}
            </button>
          )}
        </>
      )}
      {attempt && question && (
        <div>
          <p className="quiz-muted">
            {t('quiz.makeup.question', { index: index + 1, count: attempt.questions.length })}
          </p>
          <h3 className="quiz-phone__prompt">{question.prompt}</h3>
          {!done && (
            <AnswerInput
              key={question.id}
              question={question}
              disabled={false}
              onAnswer={(a) => void answer(question.id, a)}
              sendLabel={t('quiz.answer.send')}
            />
          )}
          {done && (
            <div className="quiz-result" data-revealed={done.revealed}>
              {!done.revealed && (
                <p className="quiz-ok" role="status" data-testid="makeup-recorded">
                  {t('quiz.makeup.recorded')}
                </p>
              )}
              {done.revealed && (
                <>
                  <p className={done.correct ? 'quiz-ok quiz-big' : 'quiz-error quiz-big'}>
                    {done.correct ? t('quiz.answer.right') : t('quiz.answer.wrong')}
                  </p>
                  <p>
                    {t('quiz.answer.correctAnswer')}:{' '}
                    <strong>
                      {correctText(t, question.type, done.correctChoice, done.accepted, question.options)}
                    </strong>
                  </p>
                </>
              )}
              {done.revealed && done.explanation && (
                <p>
                  {t('quiz.answer.explanation')}: {done.explanation}
                </p>
              )}
              {index + 1 < attempt.questions.length ? (
                <button type="button" className="quiz-primary" onClick={() => setIndex(index + 1)}>
                  {t('quiz.makeup.next')}
                </button>
              ) : (
                <button
                  type="button"
                  className="quiz-primary"
                  onClick={() => void finish()}
                  data-testid="makeup-finish"
                >
                  {t('quiz.makeup.finish')}
                </button>
              )}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
