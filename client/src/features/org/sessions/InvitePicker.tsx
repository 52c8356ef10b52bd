import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type Endpoint, type InviteRequest, type OrgUnit, type Session } from '@diem-cau/shared';
import { api } from '../../../lib/api';
import { errorText } from '../common/errorText';
import { EndpointPicker } from './EndpointPicker';

type Mode = 'all' | 'districts' | 'endpoints';

/** Who is invited: every endpoint, whole districts (checkboxes), or endpoints one by one; shows the count. */
export function InvitePicker({
  token,
  session,
  onCount,
}: {
  token: string;
  session: Session;
  onCount: (count: number) => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('districts');
  const [districts, setDistricts] = useState<OrgUnit[]>([]);
  const [endpoints, setEndpoints] = useState<Endpoint[]>([]);
  const [invited, setInvited] = useState<Set<string>>(new Set());
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  const locked = session.status === 'ended';

  const loadInvited = useCallback(async (): Promise<void> => {
    const list = await api(API.sessions.listInvites, { params: { id: session.id }, token });
    setInvited(new Set(list.map((i) => i.endpointId)));
    onCount(list.length);
    setVersion((v) => v + 1);
  }, [token, session.id, onCount]);

  useEffect(() => {
    api(API.org.listUnits, { query: { kind: 'district' }, token })
      .then(setDistricts)
      .catch(() => setDistricts([]));
    api(API.org.listEndpoints, { token })
      .then(setEndpoints)
      .catch(() => setEndpoints([]));
    loadInvited().catch((e: unknown) => setError(errorText(t, e, 'invites')));
  }, [token, loadInvited, t]);

  const perDistrict = useMemo(() => {
    const counts = new Map<string, { total: number; invited: number }>();
    for (const e of endpoints) {
      const c = counts.get(e.districtId ?? '') ?? { total: 0, invited: 0 };
      c.total += 1;
      if (invited.has(e.id)) c.invited += 1;
      counts.set(e.districtId ?? '', c);
    }
    return counts;
  }, [endpoints, invited]);

  const run = async (requests: (() => Promise<unknown>)[]): Promise<void> => {
    setBusy(true);
    try {
      for (const r of requests) await r();
      setError(null);
    } catch (e) {
      setError(errorText(t, e, 'invites'));
    } finally {
      await loadInvited().catch(() => undefined);
      setPicked(new Set());
      setBusy(false);
    }
  };
  const post = (body: InviteRequest) => () => api(API.sessions.invite, { params: { id: session.id }, body, token });

  return (
    <fieldset className="org-invites" disabled={locked || busy}>
      <legend>{t('org.invites.title')}</legend>
      <p role="status" data-testid="invited-count">
        {t('org.invites.count', { count: invited.size, total: endpoints.length })}
      </p>
      <div className="org-actions" role="radiogroup" aria-label={t('org.invites.mode')}>
        {(['all', 'districts', 'endpoints'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name={`invite-mode-${session.id}`} checked={mode === m} onChange={() => setMode(m)} />{' '}
            {t(`org.invites.modes.${m}`)}
          </label>
        ))}
      </div>
      {mode === 'all' && (
        <button type="button" className="button" onClick={() => void run([post({ all: true })])}>
          {t('org.invites.inviteAll', { count: endpoints.length })}
        </button>
      )}
      {mode === 'districts' && (
        <>
          <ul className="org-checklist org-checklist--columns">
            {districts.map((d) => {
              const c = perDistrict.get(d.id) ?? { total: 0, invited: 0 };
              return (
                <li key={d.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={picked.has(d.id)}
                      onChange={() =>
                        setPicked((prev) =>
                          prev.has(d.id) ? new Set([...prev].filter((x) => x !== d.id)) : new Set([...prev, d.id]),
                        )
                      }
                    />{' '}
                    {d.name} <small>{t('org.invites.districtCount', { invited: c.invited, total: c.total })}</small>
                  </label>
                </li>
              );
            })}
          </ul>
          <button
            type="button"
            className="button"
            disabled={picked.size === 0}
            onClick={() => void run([...picked].map((districtId) => post({ districtId })))}
          >
            {t('org.invites.inviteDistricts', { count: picked.size })}
          </button>
        </>
      )}
      {mode === 'endpoints' && (
        <EndpointPicker
          key={version}
          endpoints={endpoints}
          invited={invited}
          busy={busy}
          onSave={(add, remove) =>
            void run([
              ...(add.length > 0 ? [post({ endpointIds: add })] : []),
              ...remove.map(
                (id) => () => api(API.sessions.uninvite, { params: { id: session.id, endpointId: id }, token }),
              ),
            ])
          }
        />
      )}
      {error && (
        <p role="alert" className="org-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
