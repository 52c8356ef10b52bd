import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckinSession } from '@diem-cau/shared';
import { apiJson } from '../../lib/api';

/** The sessions open for check-in now, for a member who did not come from a QR link. */
export function SessionChooser({ token, onPick }: { token: string; onPick: (id: string) => void }) {
  const { t } = useTranslation();
  const [sessions, setSessions] = useState<CheckinSession[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    apiJson<CheckinSession[]>('GET', '/checkin/sessions', token)
      .then(setSessions)
      .catch(() => setFailed(true));
  }, [token]);
  if (failed) return <p role="alert">{t('checkin.member.sessionsFailed')}</p>;
  if (!sessions) return <p>{t('app.loading')}</p>;
  if (sessions.length === 0) return <p>{t('checkin.member.noSessions')}</p>;
  return (
    <section aria-labelledby="member-sessions-title">
      <h2 id="member-sessions-title">{t('checkin.member.chooseSession')}</h2>
      <ul className="member-sessions">
        {sessions.map((s) => (
          <li key={s.id}>
            <button type="button" className="button" onClick={() => onPick(s.id)}>
              {s.title} {s.status === 'live' ? `● ${t('checkin.member.live')}` : ''}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
