import { Bar, Line } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import type { RangeReport, RateRow } from '@diem-cau/shared';
import { reportsApi } from './api';
import { CHART_COLORS, pct, percentScale } from './charts';
import { ReportJobPanel } from './ReportJobPanel';
import { useReportJob } from './useReportJob';
import { formatDateDmy } from '../../lib/dates';

/** Start of `from` and end of `to` in Vietnam time (UTC+7), as ISO instants. */
function vnDayBounds(from: string, to: string): { from: string; to: string } {
  return {
    from: new Date(`${from}T00:00:00+07:00`).toISOString(),
    to: new Date(`${to}T23:59:59.999+07:00`).toISOString(),
  };
}

function RateChart({ title, rows }: { title: string; rows: RateRow[] }) {
  const { t } = useTranslation();
  return (
    <figure className="report-chart">
      <figcaption>{title}</figcaption>
      <Bar
        aria-label={title}
        role="img"
        data={{
          labels: rows.map((r) => r.label),
          datasets: [
            {
              label: t('reports.charts.participation'),
              data: rows.map((r) => pct(r.rate)),
              backgroundColor: CHART_COLORS.primary,
            },
            {
              label: t('reports.charts.completion'),
              data: rows.map((r) => pct(r.completedRate ?? r.rate)),
              backgroundColor: CHART_COLORS.warn,
            },
            {
              label: t('reports.charts.correctRate'),
              data: rows.map((r) => pct(r.quizCorrectRate)),
              backgroundColor: CHART_COLORS.secondary,
            },
          ],
        }}
        options={{ animation: false, scales: { y: percentScale }, plugins: { legend: { position: 'bottom' } } }}
      />
    </figure>
  );
}

/** Participation across the sessions of a date range, by district, gender and age group, with the trend. */
export function RangeDashboard({
  token,
  districtId,
  from,
  to,
}: {
  token: string;
  districtId: string | null;
  from: string;
  to: string;
}) {
  const { t } = useTranslation();
  const job = useReportJob(token);
  const result = job.result?.kind === 'range' ? (job.result as RangeReport) : null;
  const valid = from !== '' && to !== '' && from <= to;

  return (
    <section className="report-range" aria-labelledby="report-range-title">
      <h2 id="report-range-title">{t('reports.range.title')}</h2>
      <div className="report-actions">
        <button
          type="button"
          className="button"
          disabled={job.busy || !valid}
          onClick={() =>
            void job.run(() =>
              reportsApi.requestRange(token, { ...vnDayBounds(from, to), ...(districtId ? { districtId } : {}) }),
            )
          }
        >
          {t('reports.range.build')}
        </button>
        <ReportJobPanel token={token} info={job.info} error={job.error} />
      </div>
      {result && (
        <>
          <p>{t('reports.range.sessions', { count: result.sessions })}</p>
          <div className="report-charts">
            <RateChart title={t('reports.range.byDistrict')} rows={result.byDistrict} />
            <RateChart
              title={t('reports.range.byGender')}
              rows={result.byGender.map((r) => ({
                ...r,
                label: r.key === 'male' ? t('reports.gender.male') : t('reports.gender.female'),
              }))}
            />
            <RateChart
              title={t('reports.range.byAge')}
              rows={result.byAgeGroup.map((r) => ({
                ...r,
                label: r.key === 'under40' ? t('reports.age.under40') : t('reports.age.from40'),
              }))}
            />
            <figure className="report-chart report-chart--wide">
              <figcaption>{t('reports.range.trend')}</figcaption>
              <Line
                aria-label={t('reports.range.trend')}
                role="img"
                data={{
                  labels: result.trend.map((x) => formatDateDmy(x.startedAt)),
                  datasets: [
                    {
                      label: t('reports.charts.participation'),
                      data: result.trend.map((x) => pct(x.rate)),
                      borderColor: CHART_COLORS.primary,
                      backgroundColor: CHART_COLORS.primary,
                    },
                    {
                      label: t('reports.charts.completion'),
                      data: result.trend.map((x) =>
                        pct(x.invited > 0 ? (x.attended + (x.makeup ?? 0)) / x.invited : null),
                      ),
                      borderColor: CHART_COLORS.warn,
                      backgroundColor: CHART_COLORS.warn,
                    },
                    {
                      label: t('reports.charts.correctRate'),
                      data: result.trend.map((x) => pct(x.quizCorrectRate)),
                      borderColor: CHART_COLORS.secondary,
                      backgroundColor: CHART_COLORS.secondary,
                    },
                  ],
                }}
                options={{ animation: false, scales: { y: percentScale }, plugins: { legend: { position: 'bottom' } } }}
              />
            </figure>
          </div>
        </>
      )}
    </section>
  );
}
