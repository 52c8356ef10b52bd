import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ErrorBody } from '@diem-cau/shared';

export interface RowProblem {
  line: number | null;
  column: string;
  reason: string;
}

/** "row.12.birthYear" + "invalid_year" → line 12, the column's name, the reason (translated). */
export function toRowProblem(detail: { path: string; message: string }, t: TFunction): RowProblem {
  const [scope, line, column = ''] = detail.path.split('.');
  const [reason = '', other = ''] = detail.message.split(':');
  const text = t(`org.import.reasons.${reason}`, { defaultValue: detail.message, line: other });
  if (scope !== 'row' || !line) return { line: null, column: t('org.import.wholeFile'), reason: text };
  return { line: Number(line), column: t(`org.import.columns.${column}`, { defaultValue: column }), reason: text };
}

/** Every bad row of a refused import, line by line, with the assurance that nothing was imported. */
export function ImportErrors({ fileName, details }: { fileName: string; details: NonNullable<ErrorBody['details']> }) {
  const { t } = useTranslation();
  const problems = details.map((d) => toRowProblem(d, t)).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const lines = new Set(problems.filter((p) => p.line !== null).map((p) => p.line)).size;
  return (
    <div role="alert" className="org-import-errors" data-testid="import-errors">
      <p>
        <strong>{t('org.import.nothingImported', { file: fileName })}</strong>
      </p>
      {lines > 0 && <p>{t('org.import.badRows', { count: lines, problems: problems.length })}</p>}
      <table className="org-table">
        <thead>
          <tr>
            <th>{t('org.import.line')}</th>
            <th>{t('org.import.column')}</th>
            <th>{t('org.import.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td>{p.line ?? '—'}</td>
              <td>{p.column}</td>
              <td>{p.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="org-hint">{t('org.import.fixAndRetry')}</p>
    </div>
  );
}
