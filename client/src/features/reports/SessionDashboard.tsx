import { useEffect, useState } from 'react';
import { Bar, Doughnut } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import type { Session, SessionReport } from '@diem-cau/shared';
import { reportsApi } from './api';
import { CHART_COLORS, pct, percentScale } from './charts';
import { AbsenteesPanel } from './AbsenteesPanel';
import { ParticipationPanel } from './ParticipationPanel';
import { LinkQualityPanel } from './LinkQualityPanel';
import { ReportJobPanel } from './ReportJobPanel';
import { useReportJob } from './useReportJob';

const LIVE_REFRESH_MS = 10_000;
const minutes = (ms: number): number => Math.round(ms / 6_000) / 10;

/** One session: live figures (refreshed while it runs), charts, absentees, and the stored report with its exports. */
export function SessionDashboard({
  token,
  session,
  districtId,
}: {
  token: string;
  session: Session;
  districtId: string | null;
}) {
  const { t, i18n } = useTranslation();
  const [report, setReport] = useState<SessionReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useReportJob(token);
  const { reset } = job;

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    reset();
    const load = async () => {
      try {
        const next = await reportsApi.live(token, session.id, districtId);
        if (cancelled) return;
        setReport(next);
        setError(null);
        if (next.session.status === 'live') timer = setTimeout(() => void load(), LIVE_REFRESH_MS);
      } catch (e) {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      }
    };
    void load();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [token, session.id, districtId, reset]);

  if (error)
    return (
      <p role="alert" className="notice">
        {t('reports.loadFailed')}
      </p>
    );
  if (!report) return <p className="loading">{t('app.loading')}</p>;

  const s = report.summary;
  const number = new Intl.NumberFormat(i18n.language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });
  const endpoints = [...report.endpoints].sort((a, b) => a.share - b.share).slice(0, 40);
  const cards: [string, string][] = [
    [t('reports.summary.endpoints'), `${s.connectedEndpoints} / ${s.invitedEndpoints}`],
    [t('reports.summary.members'), `${s.attendedMembers} / ${s.invitedMembers}`],
    [t('reports.summary.rate'), s.attendanceRate === null ? '—' : `${number.format(pct(s.attendanceRate))} %`],
    [t('reports.summary.makeup'), `${s.makeupMembers} (${s.makeupHallMembers})`],
    [t('reports.summary.completion'), s.completionRate === null ? '—' : `${number.format(pct(s.completionRate))} %`],
    [t('reports.summary.headcount'), number.format(s.headcountLatestTotal)],
    [t('reports.summary.quiz'), s.quizCorrectRate === null ? '—' : `${number.format(pct(s.quizCorrectRate))} %`],
  ];

  return (
    <section className="report-session" aria-labelledby="report-session-title">
      <h2 id="report-session-title">
        {report.session.title}
        {report.session.status === 'live' && <span className="badge badge--live">{t('reports.liveBadge')}</span>}
      </h2>
      <dl className="report-cards">
        {cards.map(([label, value]) => (
          <div key={label} className="report-card">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>

      <div className="report-charts">
        <figure className="report-chart">
          <figcaption>{t('reports.charts.attendance')}</figcaption>
          <Doughnut
            aria-label={t('reports.charts.attendance')}
            role="img"
            data={{
              labels: [
                t('reports.charts.attended'),
                t('reports.charts.makeupIndividual'),
                t('reports.charts.makeupHall'),
                t('reports.charts.absent'),
              ],
              datasets: [
                {
                  data: [
                    s.attendedMembers,
                    s.makeupMembers - s.makeupHallMembers,
                    s.makeupHallMembers,
                    s.invitedMembers - s.attendedMembers - s.makeupMembers,
                  ],
                  backgroundColor: [CHART_COLORS.good, CHART_COLORS.warn, CHART_COLORS.secondary, CHART_COLORS.bad],
                },
              ],
            }}
            options={{ animation: false, plugins: { legend: { position: 'bottom' } } }}
          />
        </figure>
        <figure className="report-chart report-chart--wide">
          <figcaption>{t('reports.charts.endpointShare')}</figcaption>
          <Bar
            aria-label={t('reports.charts.endpointShare')}
            role="img"
            data={{
              labels: endpoints.map((e) => e.communeName),
              datasets: [
                {
                  label: t('reports.charts.connectedShare'),
                  data: endpoints.map((e) => pct(e.share)),
                  backgroundColor: CHART_COLORS.primary,
                },
              ],
            }}
            options={{
              animation: false,
              indexAxis: 'y',
              scales: { x: percentScale },
              plugins: { legend: { display: false } },
            }}
          />
        </figure>
        {report.quiz.length > 0 && (
          <figure className="report-chart report-chart--wide">
            <figcaption>{t('reports.charts.quiz')}</figcaption>
            <Bar
              aria-label={t('reports.charts.quiz')}
              role="img"
              data={{
                labels: report.quiz.map((q, i) => `${t('reports.charts.question')} ${i + 1}`),
                datasets: [
                  {
                    label: t('reports.charts.correctRate'),
                    data: report.quiz.map((q) => pct(q.correctRate)),
                    backgroundColor: CHART_COLORS.secondary,
                  },
                ],
              }}
              options={{ animation: false, scales: { y: percentScale }, plugins: { legend: { display: false } } }}
            />
          </figure>
        )}
      </div>

      <ParticipationPanel members={report.members} />

      <AbsenteesPanel groups={report.absentees} formatMinutes={(ms) => number.format(minutes(ms))} />

      <LinkQualityPanel token={token} sessionId={session.id} rows={report.linkQuality} />

      <div className="report-actions">
        <button
          type="button"
          className="button"
          disabled={job.busy || !report.session.startedAt}
          onClick={() => void job.run(() => reportsApi.requestSession(token, session.id, districtId))}
        >
          {t('reports.job.build')}
        </button>
        <ReportJobPanel token={token} info={job.info} error={job.error} />
      </div>
    </section>
  );
}
