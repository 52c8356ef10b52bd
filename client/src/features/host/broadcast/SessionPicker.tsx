import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '@diem-cau/shared';
import { listOpenSessions } from './hostAuth';

/** The host's scheduled and live sessions, or a session id typed in. */
export function SessionPicker({ token, onPick }: { token: string; onPick: (sessionId: string) => void }) {
  const { t } = useTranslation();
  const [sessions, setSessions] = useState<Session[]>([]);
  const [typed, setTyped] = useState('');
  useEffect(() => {
    listOpenSessions(token).then(setSessions, () => setSessions([]));
  }, [token]);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (typed.trim()) onPick(typed.trim());
  };
  return (
    <section className="host-form">
      <h1>{t('broadcast.host.chooseSession')}</h1>
      <ul>
        {sessions.map((s) => (
          <li key={s.id}>
            <button type="button" onClick={() => onPick(s.id)}>
              {s.title} ({t(`broadcast.host.statuses.${s.status}`)})
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={submit}>
        <label>
          {t('broadcast.host.sessionId')}
          <input value={typed} onChange={(e) => setTyped(e.target.value)} />
        </label>
        <button type="submit">{t('broadcast.host.open')}</button>
      </form>
    </section>
  );
}
