import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { API } from '@diem-cau/shared';
import { ApiError, api } from '../../../lib/api';
import { RequestError } from '../../../lib/socket';
import { signInEndpoint, type EndpointSignIn } from './endpointSession';

/** The session field takes the id or the six-digit code shown on the host console (resolved by GET /api/sessions/by-code/:code). */
async function resolveSession(input: string): Promise<string> {
  const value = input.replace(/\s/g, '');
  if (!/^\d{6}$/.test(value)) return input.trim();
  return (await api(API.sessions.byCode, { params: { code: value } })).id;
}

/** Key and session id, prefilled from the URL (`?session=…&key=…`) when the link carries them. */
export function EndpointJoinForm({
  initialSession,
  initialKey,
  onJoined,
}: {
  initialSession: string;
  initialKey: string;
  onJoined: (s: EndpointSignIn) => void;
}) {
  const { t } = useTranslation();
  const [sessionId, setSessionId] = useState(initialSession);
  const [key, setKey] = useState(initialKey);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    resolveSession(sessionId)
      .then((id) => signInEndpoint(key.trim(), id))
      .then(onJoined, (e: unknown) => {
        const code = e instanceof RequestError ? e.code : 'UNAVAILABLE';
        const archived = e instanceof ApiError && e.details?.some((d) => d.message === 'archived');
        setError(
          archived
            ? t('standby.archived')
            : ['UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT', 'NOT_FOUND'].includes(code)
              ? t(`broadcast.errors.${code as 'FORBIDDEN'}`)
              : t('broadcast.errors.generic', { code }),
        );
      })
      .finally(() => setBusy(false));
  };

  return (
    <form className="tv-form" onSubmit={submit}>
      <h1>{t('broadcast.endpoint.joinTitle')}</h1>
      <label>
        {t('broadcast.endpoint.sessionLabel')}
        <input
          name="session"
          value={sessionId}
          onChange={(e) => setSessionId(e.target.value)}
          required
          autoComplete="off"
        />
      </label>
      <label>
        {t('broadcast.endpoint.keyLabel')}
        <input name="key" value={key} onChange={(e) => setKey(e.target.value)} required autoComplete="off" />
      </label>
      {error && (
        <p className="tv-form__error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="tv-button tv-button--primary" disabled={busy}>
        {t('broadcast.endpoint.join')}
      </button>
    </form>
  );
}
