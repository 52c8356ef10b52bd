import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type Session } from '@diem-cau/shared';
import { api } from '../../lib/api';
import { errorText } from './common/errorText';
import { formatDateTime } from './common/dateTime';
import { SessionDetail } from './sessions/SessionDetail';
import { SessionForm } from './sessions/SessionForm';

/** Sessions: schedule a new one, the list, and the opened session's invitations, documents, start and end. */
export function SessionsAdmin({ token }: { token: string }) {
  const { t, i18n } = useTranslation();
  const [sessions, setSessions] = useState<Session[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api(API.sessions.list, { token })
      .then((list) => {
        setSessions(list);
        setError(null);
      })
      .catch((e: unknown) => setError(errorText(t, e, 'sessions')));
  }, [token, t]);
  useEffect(load, [load]);
  const replace = useCallback((s: Session) => setSessions((list) => list.map((x) => (x.id === s.id ? s : x))), []);
  const opened = sessions.find((s) => s.id === open);

  return (
    <section className="org-section">
      <details className="org-create-box" open={sessions.length === 0}>
        <summary>{t('org.sessions.form.createTitle')}</summary>
        <SessionForm
          token={token}
          onSaved={(s) => {
            setSessions((list) => [s, ...list]);
            setOpen(s.id);
          }}
        />
      </details>
      {error && (
        <p role="alert" className="org-error">
          {error}
        </p>
      )}
      <table className="org-table">
        <thead>
          <tr>
            <th>{t('org.sessions.title')}</th>
            <th>{t('sessionCode.label')}</th>
            <th>{t('org.sessions.schedule')}</th>
            <th>{t('org.sessions.status')}</th>
            <th>{t('org.sessions.invited')}</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} className={s.id === open ? 'org-row--open' : undefined}>
              <td>
                <button
                  type="button"
                  className="link"
                  aria-expanded={s.id === open}
                  onClick={() => setOpen(open === s.id ? null : s.id)}
                >
                  {s.title}
                </button>
              </td>
              <td data-testid="session-code-cell">{s.code ?? '—'}</td>
              <td>{s.scheduledStart ? formatDateTime(s.scheduledStart, i18n.language) : '—'}</td>
              <td>{t(`org.sessions.statuses.${s.status}`)}</td>
              <td>{s.invitedEndpointCount.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'vi-VN')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {opened && <SessionDetail key={opened.id} token={token} session={opened} onChanged={replace} />}
    </section>
  );
}
