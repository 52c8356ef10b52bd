import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '@diem-cau/shared';
import { RequestError, request, type AppSocket } from '../../../lib/socket';
import { AnswerInput } from '../common/AnswerInput';
import { correctText } from '../common/labels';
import { useQuizState, useServerCountdown } from '../common/useQuizState';
import { DistributionBars } from '../common/DistributionBars';
import { AnswerOutbox } from './answerOutbox';
import '../quiz.css';

const KNOWN_ERRORS = ['DEADLINE_PASSED', 'FORBIDDEN', 'BAD_REQUEST'] as const;

/**
 * The live quiz on a member's phone (mounted by the member page once its socket has joined the
 * session): the question, a one-tap answer, the server's countdown, then the result and score.
 */
export function MemberQuizPanel({
  socket,
  joinedAt,
  outboxOwner,
}: {
  socket: AppSocket | null;
  joinedAt: unknown;
  /** Whose answers these are (member and session), so a shared phone keeps them apart. */
  outboxOwner: string;
}) {
  const { t } = useTranslation();
  const quiz = useQuizState(socket, joinedAt, true);
  const outbox = useMemo(() => new AnswerOutbox(window.localStorage, outboxOwner), [outboxOwner]);
  const { setMine, clockOffset } = quiz;
  const currentRun = useRef<string | null>(null);
  currentRun.current = quiz.run?.runId ?? null;

  // After every (re)join: answers sent while the link was down are sent again until their deadline.
  useEffect(() => {
    if (!socket || !joinedAt) return;
    const sendOne = (runId: string, answer: Answer) => request(socket, 'quiz:answer', { runId, answer });
    void outbox.resend(sendOne, Date.now() + clockOffset).then((stored) => {
      for (const s of stored) if (s.runId === currentRun.current) setMine(s);
    });
  }, [socket, joinedAt, outbox, setMine, clockOffset]);
  const secondsLeft = useServerCountdown(quiz.run, quiz.clockOffset);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = quiz.run;

  const send = async (answer: Answer) => {
    if (!socket || !run) return;
    setSending(true);
    setError(null);
    try {
      const sendOne = (runId: string, a: Answer) => request(socket, 'quiz:answer', { runId, answer: a });
      quiz.setMine(
        await outbox.send({ runId: run.runId, answer, deadline: run.deadline }, sendOne, {
          serverNow: () => Date.now() + clockOffset,
          wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        }),
      );
    } catch (e) {
      const code = e instanceof RequestError ? e.code : 'UNAVAILABLE';
      setError(
        (KNOWN_ERRORS as readonly string[]).includes(code)
          ? t(`quiz.errors.${code as (typeof KNOWN_ERRORS)[number]}`)
          : t('quiz.errors.generic', { code }),
      );
    } finally {
      setSending(false);
    }
  };

  if (!run)
    return (
      <section className="quiz-phone" data-testid="member-quiz" data-state="waiting">
        <p className="quiz-muted">{t('quiz.answer.waiting')}</p>
      </section>
    );
  const open = run.closedAt === null && !run.revealed;
  const reveal = quiz.reveal?.runId === run.runId ? quiz.reveal : null;
  const mine = quiz.mine?.runId === run.runId ? quiz.mine : null;
  return (
    <section
      className="quiz-phone"
      data-testid="member-quiz"
      data-state={reveal ? 'revealed' : mine ? 'answered' : open ? 'open' : 'closed'}
    >
      <header className="quiz-phone__head">
        <span>
          {t('quiz.run.question')} {run.question.position}
        </span>
        <strong className="quiz-countdown" data-testid="quiz-countdown">
          {open
            ? t('quiz.run.secondsLeft', { count: secondsLeft })
            : reveal
              ? t('quiz.run.revealed')
              : t('quiz.run.timeUp')}
        </strong>
      </header>
      <h2 className="quiz-phone__prompt">{run.question.prompt}</h2>
      {!mine && open && (
        <AnswerInput
          question={run.question}
          disabled={sending}
          onAnswer={(a) => void send(a)}
          sendLabel={t('quiz.answer.send')}
        />
      )}
      {mine && !reveal && (
        <p className="quiz-ok" role="status" data-testid="quiz-sent">
          {t('quiz.answer.sent')}
        </p>
      )}
      {error && (
        <p className="quiz-error" role="alert">
          {error}
        </p>
      )}
      {reveal && (
        <div className="quiz-result" data-testid="quiz-result">
          {mine ? (
            <p className={mine.correct ? 'quiz-ok quiz-big' : 'quiz-error quiz-big'}>
              {mine.correct ? t('quiz.answer.right') : t('quiz.answer.wrong')}{' '}
              {mine.points !== null && mine.points > 0 && t('quiz.answer.points', { count: mine.points })}
            </p>
          ) : (
            <p className="quiz-muted">{t('quiz.answer.notAnswered')}</p>
          )}
          <p>
            {t('quiz.answer.correctAnswer')}:{' '}
            <strong>{correctText(t, reveal.type, reveal.correctChoice, reveal.accepted, run.question.options)}</strong>
          </p>
          {reveal.explanation && (
            <p>
              {t('quiz.answer.explanation')}: {reveal.explanation}
            </p>
          )}
          <DistributionBars
            distribution={reveal.distribution}
            options={run.question.options}
            correct={reveal.correctChoice}
          />
          {quiz.total !== null && (
            <p className="quiz-big" data-testid="quiz-total">
              {t('quiz.answer.total', { count: quiz.total })}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
