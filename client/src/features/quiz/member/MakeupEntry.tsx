import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { API, type MakeupList } from '@diem-cau/shared';
import { api } from '../common/api';
import { MakeupQuiz } from './MakeupQuiz';
import '../quiz.css';

/** The search parameter that opens one session's make-up quiz on the member page. */
export const MAKEUP_PARAM = 'makeup';

/**
 * The member page's way to the make-up quiz: with `?makeup=<sessionId>` the quiz itself, otherwise
 * the ended sessions whose make-up quiz this member may take (nothing when there is none).
 */
export function MakeupEntry({ token }: { token: string }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const sessionId = params.get(MAKEUP_PARAM);
  const [list, setList] = useState<MakeupList | null>(null);

  useEffect(() => {
    if (sessionId) return;
    let current = true;
    api(API.quiz.makeupList, { token }).then(
      (l) => current && setList(l),
      () => current && setList([]),
    );
    return () => {
      current = false;
    };
  }, [token, sessionId]);

  if (sessionId) {
    return (
      <>
        <button type="button" className="button button--quiet" onClick={() => setParams({})} data-testid="makeup-back">
          {t('quiz.makeup.back')}
        </button>
        <MakeupQuiz token={token} sessionId={sessionId} />
      </>
    );
  }
  if (!list || list.length === 0) return null;
  return (
    <section className="quiz-phone" aria-labelledby="makeup-list-title" data-testid="makeup-list">
      <h2 id="makeup-list-title">{t('quiz.makeup.listTitle')}</h2>
      <ul className="quiz-makeup-list">
        {list.map((s) => (
          <li key={s.sessionId}>
            <strong>{s.sessionTitle}</strong>
            <span className="quiz-muted">
              {' '}
              — {t('quiz.makeup.attempts', { used: s.attempts.length, max: s.maxAttempts })}
            </span>
            <button type="button" className="quiz-primary" onClick={() => setParams({ [MAKEUP_PARAM]: s.sessionId })}>
              {s.eligible ? t('quiz.makeup.open') : t('quiz.makeup.title')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
