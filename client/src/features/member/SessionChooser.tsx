import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type CheckinSession } from '@diem-cau/shared';
import { ApiError, api } from '../../lib/api';

/** The sessions open for check-in now, for a member who did not come from a QR link. */
export function SessionChooser({ token, onPick }: { token: string; onPick: (id: string) => void }) {
  const { t } = useTranslation();
  const [sessions, setSessions] = useState<CheckinSession[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api(API.checkin.sessions, { token })
      .then(setSessions)
      .catch(() => setFailed(true));
  }, [token]);
  if (failed) return <p role="alert">{t('checkin.member.sessionsFailed')}</p>;
  if (!sessions) return <p>{t('app.loading')}</p>;
  return (
    <section aria-labelledby="member-sessions-title">
      <SessionCodeForm onPick={onPick} />
      {sessions.length === 0 && <p>{t('checkin.member.noSessions')}</p>}
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

/** The six digits on the hall's slide, typed instead of choosing from the list. */
function SessionCodeForm({ onPick }: { onPick: (id: string) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    setProblem(null);
    try {
      const found = await api(API.sessions.byCode, { params: { code: code.replace(/\s/g, '') } });
      if (found.status === 'ended') setProblem('ended');
      else onPick(found.id);
    } catch (error) {
      setProblem(
        error instanceof ApiError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')
          ? 'unknown'
          : 'failed',
      );
    }
  };
  return (
    <form
      className="member-code"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        {t('sessionCode.enter')}
        <input
          inputMode="numeric"
          autoComplete="off"
          maxLength={7}
          data-testid="session-code-input"
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </label>
      <button type="submit" className="button" data-testid="session-code-submit">
        {t('sessionCode.go')}
      </button>
      {problem && (
        <p role="alert" data-testid="session-code-problem" data-problem={problem}>
          {t(`sessionCode.problems.${problem as 'unknown'}`)}
        </p>
      )}
    </form>
  );
}
