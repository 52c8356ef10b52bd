import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportInfo } from '@diem-cau/shared';
import { downloadReport } from './api';

const TABLES = [
  'summary',
  'endpoints',
  'members',
  'absentees',
  'quiz',
  'link_quality',
  'link_outages',
  'by_district',
  'by_commune',
  'by_cell',
  'by_gender',
  'by_age',
  'trend',
] as const;
type TableKey = (typeof TABLES)[number];
const isTable = (key: string): key is TableKey => (TABLES as readonly string[]).includes(key);

/** The job's progress bar while it runs, then the downloads: the workbook and each table as CSV. */
export function ReportJobPanel({
  token,
  info,
  error,
}: {
  token: string;
  info: ReportInfo | null;
  error: string | null;
}) {
  const { t } = useTranslation();
  const [downloadError, setDownloadError] = useState<string | null>(null);
  if (!info && !error) return null;

  const download = (format: 'xlsx' | 'csv', table: string, filename: string) => {
    setDownloadError(null);
    downloadReport(token, info?.id ?? '', format, table, filename).catch(() =>
      setDownloadError(t('reports.job.downloadFailed')),
    );
  };

  return (
    <div className="report-job" aria-live="polite">
      {info && info.status !== 'done' && info.status !== 'failed' && (
        <label className="report-job__progress">
          {t(`reports.job.status.${info.status}`)} — {info.progress} %
          <progress max={100} value={info.progress} aria-label={t('reports.job.progress')} />
        </label>
      )}
      {error && (
        <p role="alert" className="notice">
          {t('reports.job.failed')}
        </p>
      )}
      {info?.status === 'done' && (
        <div className="report-job__downloads">
          <p>{t('reports.job.ready')}</p>
          {info.files
            .filter((f) => f.format === 'xlsx')
            .map((f) => (
              <button
                key="xlsx"
                type="button"
                className="button"
                data-testid="download-xlsx"
                onClick={() => download('xlsx', '', f.filename)}
              >
                {t('reports.job.downloadXlsx')}
              </button>
            ))}
          {info.files
            .filter((f) => f.format === 'csv')
            .map((f) => (
              <button
                key={f.table}
                type="button"
                className="button button--secondary"
                data-testid={`download-csv-${f.table}`}
                onClick={() => download('csv', f.table, f.filename)}
              >
                {t('reports.job.downloadCsv', { table: isTable(f.table) ? t(`reports.tables.${f.table}`) : f.table })}
              </button>
            ))}
        </div>
      )}
      {downloadError && (
        <p role="alert" className="notice">
          {downloadError}
        </p>
      )}
    </div>
  );
}
