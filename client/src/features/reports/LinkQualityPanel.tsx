import { useEffect, useState } from 'react';
import { Bar } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import { OUTAGE_CAUSES, type LinkQualityRow, type LinkTimeline, type OutageCause } from '@diem-cau/shared';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { reportsApi } from './api';
import { CHART_COLORS } from './charts';

const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit' };
const LAYER_KEYS = ['low', 'mid', 'high'] as const;

const kbps = (bitrate: number | null): string => (bitrate === null ? '—' : formatNumber(Math.round(bitrate / 1000)));
const pct = (rate: number | null): string =>
  rate === null ? '—' : `${formatNumber(Math.round(rate * 1000) / 10, { maximumFractionDigits: 1 })} %`;
const mins = (ms: number): string => formatNumber(Math.round(ms / 6_000) / 10, { maximumFractionDigits: 1 });
const secs = (ms: number): string => formatNumber(Math.round(ms / 1000));
const time = (iso: string | null): string => (iso === null ? '…' : formatDateTime(iso, TIME));
const isCause = (cause: string): cause is OutageCause => (OUTAGE_CAUSES as readonly string[]).includes(cause);

/**
 * "Chất lượng đường truyền": each endpoint's link over the session as the server measured it, weak
 * links first (the rule is the server's, see reports/linkQuality.ts), and one endpoint's minute-by-
 * minute timeline with its outages on demand. IT staff read it to see which communes need a better line.
 */
export function LinkQualityPanel({
  token,
  sessionId,
  rows,
}: {
  token: string;
  sessionId: string;
  rows: LinkQualityRow[];
}) {
  const { t } = useTranslation();
  const [weakOnly, setWeakOnly] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const shown = weakOnly ? rows.filter((r) => r.weak) : rows;
  const weak = rows.filter((r) => r.weak).length;

  return (
    <section className="report-link" aria-labelledby="report-link-title" data-testid="report-link-quality">
      <h3 id="report-link-title">{t('reports.link.title')}</h3>
      {rows.length === 0 ? (
        <p>{t('reports.link.none')}</p>
      ) : (
        <>
          <p>{t('reports.link.weakCount', { count: weak, total: rows.length })}</p>
          <label className="report-link__filter">
            <input type="checkbox" checked={weakOnly} onChange={(e) => setWeakOnly(e.target.checked)} />
            {t('reports.link.weakOnly')}
          </label>
          <div className="report-link__scroll">
            <table className="report-link__table">
              <thead>
                <tr>
                  <th scope="col">{t('reports.link.endpoint')}</th>
                  <th scope="col">{t('reports.link.verdict')}</th>
                  <th scope="col">{t('reports.link.layer')}</th>
                  <th scope="col">{t('reports.link.bitrate')}</th>
                  <th scope="col">{t('reports.link.loss')}</th>
                  <th scope="col">{t('reports.link.rtt')}</th>
                  <th scope="col">{t('reports.link.audioOnly')}</th>
                  <th scope="col">{t('reports.link.outages')}</th>
                  <th scope="col">{t('reports.link.details')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr
                    key={r.endpointId}
                    data-testid="link-row"
                    className={r.weak ? 'report-link__row--weak' : undefined}
                  >
                    <th scope="row">
                      {r.communeName}
                      <small>{r.districtName}</small>
                    </th>
                    <td>
                      <strong>{r.weak ? t('reports.link.weak') : t('reports.link.ok')}</strong>
                      {r.weakReasons.length > 0 && (
                        <small>{r.weakReasons.map((w) => t(`reports.link.reasons.${w}`)).join('; ')}</small>
                      )}
                    </td>
                    <td>
                      {r.medianLayer === null ? '—' : t(`reports.link.layers.${LAYER_KEYS[r.medianLayer] ?? 'high'}`)}
                    </td>
                    <td>
                      {kbps(r.bitrateMedian)}
                      <small>{t('reports.link.p10', { value: kbps(r.bitrateP10) })}</small>
                    </td>
                    <td>
                      {pct(r.lossMean)}
                      <small>{t('reports.link.lossMax', { value: pct(r.lossMax) })}</small>
                    </td>
                    <td>{r.rttMeanMs === null ? '—' : `${formatNumber(Math.round(r.rttMeanMs))} ms`}</td>
                    <td>{mins(r.audioOnlyMs)}</td>
                    <td>
                      {r.outageCount}
                      {r.outageCount > 0 && (
                        <small>
                          {t('reports.link.outageValues', {
                            total: secs(r.outageTotalMs),
                            longest: secs(r.outageLongestMs),
                          })}
                        </small>
                      )}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button--secondary"
                        aria-expanded={open === r.endpointId}
                        onClick={() => setOpen(open === r.endpointId ? null : r.endpointId)}
                      >
                        {t('reports.link.details')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {open && <LinkTimelineView key={open} token={token} sessionId={sessionId} endpointId={open} />}
        </>
      )}
    </section>
  );
}

function LinkTimelineView({ token, sessionId, endpointId }: { token: string; sessionId: string; endpointId: string }) {
  const { t } = useTranslation();
  const [timeline, setTimeline] = useState<LinkTimeline | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    reportsApi.linkTimeline(token, sessionId, endpointId).then(
      (loaded) => !cancelled && setTimeline(loaded),
      () => !cancelled && setFailed(true),
    );
    return () => {
      cancelled = true;
    };
  }, [token, sessionId, endpointId]);
  if (failed)
    return (
      <p role="alert" className="notice">
        {t('reports.loadFailed')}
      </p>
    );
  if (!timeline) return <p className="loading">{t('app.loading')}</p>;
  return (
    <div className="report-link__timeline" data-testid="link-timeline">
      <h4>{t('reports.link.timelineTitle', { name: timeline.communeName })}</h4>
      <figure className="report-chart">
        <figcaption>{t('reports.link.bitrateChart')}</figcaption>
        <Bar
          aria-label={t('reports.link.bitrateChart')}
          role="img"
          data={{
            labels: timeline.minutes.map((m) => formatDateTime(m.minute, { hour: '2-digit', minute: '2-digit' })),
            datasets: [
              {
                label: t('reports.link.bitrate'),
                data: timeline.minutes.map((m) => (m.bitrateMean === null ? 0 : Math.round(m.bitrateMean / 1000))),
                backgroundColor: CHART_COLORS.secondary,
              },
            ],
          }}
          options={{ animation: false, plugins: { legend: { display: false } } }}
        />
      </figure>
      {timeline.periods.length === 0 ? (
        <p>{t('reports.link.noPeriods')}</p>
      ) : (
        <ul className="report-link__periods">
          {timeline.periods.map((p) => (
            <li key={`${p.kind}-${p.startedAt}`}>
              {time(p.startedAt)} – {time(p.endedAt)}:{' '}
              {p.kind === 'audio_only'
                ? t('reports.link.audioOnlyPeriod')
                : isCause(p.cause)
                  ? t(`reports.link.causes.${p.cause}`)
                  : p.cause}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
