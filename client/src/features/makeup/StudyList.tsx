import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { API, type StudyStatus } from '@diem-cau/shared';
import { api } from '../../lib/api';
import { formatDateTime } from '../../i18n/format';
import { StudyProgressBar } from './StudyProgressBar';
import './study.css';

/** The member page's "Học bù": sessions to study from their recording, with deadline and progress. */
export function StudyList({ token }: { token: string }) {
  const { t } = useTranslation();
  const [list, setList] = useState<StudyStatus[] | null>(null);

  useEffect(() => {
    let current = true;
    api(API.makeupStudy.list, { token }).then(
      (l) => current && setList(l),
      () => current && setList([]),
    );
    return () => {
      current = false;
    };
  }, [token]);

  if (!list || list.length === 0) return null;
  return (
    <section className="study-list" aria-labelledby="study-list-title" data-testid="study-list">
      <h2 id="study-list-title">{t('study.title')}</h2>
      <ul>
        {list.map((s) => (
          <li key={s.sessionId} data-testid="study-item" data-session={s.sessionId}>
            <strong>{s.sessionTitle}</strong>
            {s.deadline && (
              <span className="study-list__deadline">{t('study.deadline', { at: formatDateTime(s.deadline) })}</span>
            )}
            <StudyProgressBar status={s} />
            <Link className="button" to={`/study/${encodeURIComponent(s.sessionId)}`} data-testid="study-open">
              {s.completedAt ? t('study.review') : t('study.open')}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
