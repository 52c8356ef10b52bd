import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type Session } from '@diem-cau/shared';
import { api } from '../../../lib/api';
import { errorText } from '../common/errorText';
import { formatDateTime } from '../common/dateTime';
import { InvitePicker } from './InvitePicker';
import { SessionDocuments } from './SessionDocuments';
import { SessionForm } from './SessionForm';

/** One session opened: its schedule (editable until live), start/end with confirmation, invitations, documents. */
export function SessionDetail({
  token,
  session,
  onChanged,
}: {
  token: string;
  session: Session;
  onChanged: (s: Session) => void;
}) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editable = session.status === 'draft' || session.status === 'scheduled';

  const latest = useRef({ session, onChanged });
  latest.current = { session, onChanged };
  // Stable, so the invite picker does not reload when the session object is replaced.
  const onCount = useCallback((count: number) => {
    const { session: s, onChanged: changed } = latest.current;
    if (count !== s.invitedEndpointCount) changed({ ...s, invitedEndpointCount: count });
  }, []);

  const transition = async (to: 'start' | 'end'): Promise<void> => {
    const question =
      to === 'start'
        ? t('org.sessions.confirmStart', { title: session.title, count: session.invitedEndpointCount })
        : t('org.sessions.confirmEnd', { title: session.title });
    if (!window.confirm(question)) return;
    setBusy(true);
    try {
      onChanged(
        await api(to === 'start' ? API.sessions.start : API.sessions.end, { params: { id: session.id }, token }),
      );
      setError(null);
    } catch (e) {
      setError(errorText(t, e, 'sessions'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="org-session" aria-label={session.title} data-testid="session-detail">
      <header className="org-session__head">
        <h3>{session.title}</h3>
        <span className={`org-status org-status--${session.status}`}>
          {t(`org.sessions.statuses.${session.status}`)}
        </span>
        {session.code && (
          <span className="org-session__code" data-testid="session-detail-code">
            {t('sessionCode.label')}: <strong>{session.code}</strong>
          </span>
        )}
      </header>
      {editing ? (
        <SessionForm
          token={token}
          session={session}
          onCancel={() => setEditing(false)}
          onSaved={(s) => {
            setEditing(false);
            onChanged(s);
          }}
        />
      ) : (
        <dl className="org-facts">
          <dt>{t('org.sessions.resolution')}</dt>
          <dd>{session.resolution}</dd>
          <dt>{t('org.sessions.schedule')}</dt>
          <dd>
            {session.scheduledStart
              ? `${formatDateTime(session.scheduledStart, i18n.language)} – ${formatDateTime(session.scheduledEnd, i18n.language)}`
              : t('org.sessions.notScheduled')}
          </dd>
          <dt>{t('org.sessions.host')}</dt>
          <dd>{session.hostName}</dd>
          <dt>{t('org.sessions.form.thresholdLabel')}</dt>
          <dd>{Math.round(session.attendanceThreshold * 100)} %</dd>
          {session.startedAt && (
            <>
              <dt>{t('org.sessions.startedAt')}</dt>
              <dd>{formatDateTime(session.startedAt, i18n.language)}</dd>
            </>
          )}
          {session.endedAt && (
            <>
              <dt>{t('org.sessions.endedAt')}</dt>
              <dd>{formatDateTime(session.endedAt, i18n.language)}</dd>
            </>
          )}
        </dl>
      )}
      <div className="org-actions">
        {editable && !editing && (
          <button type="button" className="button button--quiet" onClick={() => setEditing(true)}>
            {t('org.sessions.edit')}
          </button>
        )}
        {editable && (
          <button type="button" className="button" disabled={busy} onClick={() => void transition('start')}>
            {t('org.sessions.start')}
          </button>
        )}
        {session.status === 'live' && (
          <button
            type="button"
            className="button button--danger"
            disabled={busy}
            onClick={() => void transition('end')}
          >
            {t('org.sessions.end')}
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="org-error">
          {error}
        </p>
      )}
      <InvitePicker token={token} session={session} onCount={onCount} />
      <SessionDocuments token={token} session={session} />
    </article>
  );
}
