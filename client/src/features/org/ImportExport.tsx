import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ORG_TABLES, type ImportResult, type OrgTable } from '@diem-cau/shared';
import { ApiError, apiDownload, apiUpload } from '../../lib/api';

/** "row.12.birthYear" + "invalid_year" → line 12, column, reason (translated). */
function describe(path: string, message: string, t: TFunction): string {
  const [, line, column = ''] = path.split('.');
  const [reason = '', other = ''] = message.split(':');
  const what = t(`org.import.reasons.${reason}`, { defaultValue: message, line: other });
  if (!line) return what;
  return t('org.import.rowError', { line, column: t(`org.import.columns.${column}`, { defaultValue: column }), reason: what });
}

/** Import from CSV/XLSX (every bad row listed; nothing imported then) and export in the same format. */
export function ImportExport({ token }: { token: string }) {
  const { t } = useTranslation();
  const [table, setTable] = useState<OrgTable>('members');
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setResult(null);
    setErrors([]);
    try {
      setResult(await apiUpload<ImportResult>(`/org/import/${table}`, token, file));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'BAD_REQUEST' && e.details?.length) setErrors(e.details.map((d) => describe(d.path, d.message, t)));
      else if (e instanceof ApiError) setErrors([t(`org.import.codes.${e.code}`, { defaultValue: t('org.errors.generic') })]);
      else setErrors([t('org.errors.generic')]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="org-section">
      <form className="org-import" onSubmit={(e) => void submit(e)}>
        <label>
          {t('org.import.table')}{' '}
          <select value={table} onChange={(e) => setTable(e.target.value as OrgTable)}>
            {ORG_TABLES.map((tb) => (
              <option key={tb} value={tb}>
                {t(`org.tables.${tb}`)}
              </option>
            ))}
          </select>
        </label>
        <input type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="import-file" />
        <button type="submit" className="button" disabled={!file || busy} data-testid="import-submit">
          {t('org.import.submit')}
        </button>
      </form>
      <p className="org-hint">{t(`org.import.hint.${table}`)}</p>
      {result && (
        <p role="status" data-testid="import-result">
          {t('org.import.done', { rows: result.rows, created: result.created, updated: result.updated })}
        </p>
      )}
      {errors.length > 0 && (
        <div role="alert" data-testid="import-errors">
          <p>{t('org.import.failed')}</p>
          <ul>
            {errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      <h3>{t('org.export.title')}</h3>
      <div className="org-export">
        {ORG_TABLES.map((tb) =>
          (['xlsx', 'csv'] as const).map((format) => (
            <button key={`${tb}-${format}`} type="button" className="button button--quiet" onClick={() => void apiDownload(`/org/export/${tb}?format=${format}`, token, `${tb}.${format}`)}>
              {t(`org.tables.${tb}`)} ({format.toUpperCase()})
            </button>
          )),
        )}
      </div>
    </section>
  );
}
