import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgUnit, Session } from '@diem-cau/shared';
import { DateInput } from '../../lib/DateInput';
import { formatDateDmy } from '../../lib/dates';
import { reportsApi } from './api';
import './charts';
import { RangeDashboard } from './RangeDashboard';
import { SessionDashboard } from './SessionDashboard';
import './reports.css';

const isoDay = (d: Date): string => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

/**
 * The reports dashboard for admins and hosts: filters (district, date range, session), one session's
 * figures (live while it runs), and the cross-session report.
 */
export function ReportsDashboard({ token }: { token: string }) {
  const { t } = useTranslation();
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [districts, setDistricts] = useState<OrgUnit[]>([]);
  const [districtId, setDistrictId] = useState<string>('');
  const [from, setFrom] = useState(() => isoDay(new Date(Date.now() - 365 * 86_400_000)));
  const [to, setTo] = useState(() => isoDay(new Date()));
  const [sessionId, setSessionId] = useState<string>('');
  const [error, setError] = useState(false);

  useEffect(() => {
    let cancelled = false;
    Promise.all([reportsApi.sessions(token), reportsApi.districts(token)]).then(
      ([s, d]) => {
        if (cancelled) return;
        const reportable = s.filter((x) => x.startedAt !== null);
        setSessions(reportable);
        setDistricts(d);
        setSessionId((current) => current || (reportable[0]?.id ?? ''));
      },
      () => !cancelled && setError(true),
    );
    return () => {
      cancelled = true;
    };
  }, [token]);

  if (error)
    return (
      <p role="alert" className="notice">
        {t('reports.loadFailed')}
      </p>
    );
  if (!sessions) return <p className="loading">{t('app.loading')}</p>;

  const inRange = sessions.filter((s) => {
    const day = isoDay(new Date(s.startedAt ?? s.createdAt));
    return day >= from && day <= to;
  });
  const session = inRange.find((s) => s.id === sessionId) ?? inRange[0];

  return (
    <section className="reports" aria-labelledby="reports-title">
      <h1 id="reports-title">{t('reports.title')}</h1>
      <fieldset className="report-filters">
        <legend>{t('reports.filters.title')}</legend>
        <label>
          {t('reports.filters.district')}
          <select name="district" value={districtId} onChange={(e) => setDistrictId(e.target.value)}>
            <option value="">{t('reports.filters.allDistricts')}</option>
            {districts.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.filters.from')}
          <DateInput name="from" value={from} onChange={setFrom} />
        </label>
        <label>
          {t('reports.filters.to')}
          <DateInput name="to" value={to} onChange={setTo} />
        </label>
        <label>
          {t('reports.filters.session')}
          <select name="session" value={session?.id ?? ''} onChange={(e) => setSessionId(e.target.value)}>
            {inRange.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title} — {formatDateDmy(s.startedAt ?? s.createdAt)}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      {session ? (
        <SessionDashboard token={token} session={session} districtId={districtId || null} />
      ) : (
        <p>{t('reports.noSessions')}</p>
      )}
      <RangeDashboard token={token} districtId={districtId || null} from={from} to={to} />
    </section>
  );
}
