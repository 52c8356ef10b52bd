import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { API, type HallMakeup, type InvitedEndpoint } from '@diem-cau/shared';
import { api } from '../../../lib/api';
import { makeupErrorText } from './errors';
import { FeedbackLine, useRequest } from './feedback';
import { foldText } from './studyRows';

/** Options listed at once in the picker; the search narrows a province's hundreds of endpoints. */
const MAX_OPTIONS = 200;

interface Opened {
  hall: HallMakeup;
  endpointName: string;
  code: string | null;
}

/**
 * Opens a hall make-up for one of the session's invited endpoints (its TV replays the recording,
 * members check in as live) and says what was opened: its code for a TV signing in by hand, and a
 * link to follow it in the console.
 */
export function HallOpener({ token, sessionId, ready }: { token: string; sessionId: string; ready: boolean }) {
  const { t } = useTranslation();
  const [endpoints, setEndpoints] = useState<InvitedEndpoint[]>([]);
  const [query, setQuery] = useState('');
  const [endpointId, setEndpointId] = useState('');
  const { busy, feedback, setFeedback, run } = useRequest();
  const [opened, setOpened] = useState<Opened | null>(null);

  useEffect(() => {
    let current = true;
    api(API.sessions.listInvites, { params: { id: sessionId }, token }).then(
      (list) => current && setEndpoints(list),
      (e: unknown) => current && setFeedback({ ok: false, text: makeupErrorText(t, e) }),
    );
    return () => {
      current = false;
    };
  }, [token, sessionId, t, setFeedback]);

  const options = useMemo(() => {
    const needle = foldText(query);
    const found = needle
      ? endpoints.filter((e) => foldText(`${e.endpointName} ${e.unitName} ${e.districtName ?? ''}`).includes(needle))
      : endpoints;
    return found.slice(0, MAX_OPTIONS);
  }, [endpoints, query]);

  const open = () =>
    run(async () => {
      const endpoint = endpoints.find((e) => e.endpointId === endpointId);
      if (!endpoint) return null;
      setOpened(null);
      const hall = await api(API.makeupStudy.openHall, { token, body: { sessionId, endpointId } });
      // The code lets a TV that was never paired sign in with its key; without it the link still works.
      const code = await api(API.sessions.get, { params: { id: hall.sessionId }, token }).then(
        (s) => s.code,
        () => null,
      );
      setOpened({ hall, endpointName: endpoint.endpointName, code });
      return null;
    });

  return (
    <section className="makeup-hall" data-testid="makeup-hall" aria-labelledby="makeup-hall-title">
      <h3 id="makeup-hall-title">{t('makeupHost.hall.title')}</h3>
      <p>{t('makeupHost.hall.intro')}</p>
      <div className="makeup-members__tools">
        <label>
          {t('makeupHost.hall.search')}
          <input
            type="search"
            data-testid="makeup-hall-search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <label>
          {t('makeupHost.hall.endpoint')}
          <select data-testid="makeup-hall-endpoint" value={endpointId} onChange={(e) => setEndpointId(e.target.value)}>
            <option value="">{t('makeupHost.hall.choose')}</option>
            {options.map((e) => (
              <option key={e.endpointId} value={e.endpointId}>
                {e.endpointName} — {e.unitName}
                {e.districtName ? `, ${e.districtName}` : ''}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="primary"
          data-testid="makeup-hall-open"
          disabled={busy || !ready || !endpointId}
          onClick={() => void open()}
        >
          {t('makeupHost.hall.open')}
        </button>
      </div>
      <FeedbackLine feedback={feedback} testId="makeup-hall-error" />
      {opened && (
        <p
          role="status"
          className="makeup-panel__ok"
          data-testid="makeup-hall-opened"
          data-session={opened.hall.sessionId}
        >
          {t('makeupHost.hall.opened', { title: opened.hall.parentTitle, endpoint: opened.endpointName })}{' '}
          {opened.code && t('makeupHost.hall.code', { code: opened.code })}{' '}
          <Link to={`/host?session=${encodeURIComponent(opened.hall.sessionId)}`}>{t('makeupHost.hall.follow')}</Link>
        </p>
      )}
    </section>
  );
}
