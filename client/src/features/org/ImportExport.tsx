import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { API, ORG_TABLES, type ErrorBody, type ImportResult, type OrgTable } from '@diem-cau/shared';
import { ApiError, api, apiDownload } from '../../lib/api';
import { errorText } from './common/errorText';
import { ImportErrors, toRowProblem } from './import/ImportErrors';

type Outcome =
  | { kind: 'done'; file: string; result: ImportResult }
  | { kind: 'rows'; file: string; details: NonNullable<ErrorBody['details']> }
  | { kind: 'error'; file: string; text: string };

/** Import from CSV/XLSX (every bad row listed with its line; nothing imported then) and export in the same format. */
export function ImportExport({ token }: { token: string }) {
  const { t } = useTranslation();
  const [table, setTable] = useState<OrgTable>('members');
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({
        kind: 'done',
        file: file.name,
        result: await api(API.org.importTable, { params: { table }, file, token }),
      });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'BAD_REQUEST' && e.details?.length)
        setOutcome({ kind: 'rows', file: file.name, details: e.details });
      else
        setOutcome({
          kind: 'error',
          file: file.name,
          text: t(`org.import.codes.${e instanceof ApiError ? e.code : 'INTERNAL'}`, { defaultValue: errorText(t, e) }),
        });
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
        <input
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          aria-label={t('org.import.file')}
          data-testid="import-file"
        />
        <button type="submit" className="button" disabled={!file || busy} data-testid="import-submit">
          {t('org.import.submit')}
        </button>
      </form>
      <p className="org-hint">{t(`org.import.hint.${table}`)}</p>
      {outcome?.kind === 'done' && (
        <p role="status" data-testid="import-result">
          {t('org.import.done', {
            rows: outcome.result.rows,
            created: outcome.result.created,
            updated: outcome.result.updated,
          })}
        </p>
      )}
      {outcome?.kind === 'done' && outcome.result.warnings.length > 0 && (
        // Rows imported as they stood but worth a look (e.g. an archived member, left archived).
        <div role="status" className="org-import-warnings" data-testid="import-warnings">
          <p>{t('org.import.warnings', { count: outcome.result.warnings.length })}</p>
          <ul>
            {outcome.result.warnings.map((w, i) => {
              const p = toRowProblem(w, t);
              return (
                <li key={i}>
                  {t('org.import.line')} {p.line ?? '—'} ({p.column}): {p.reason}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {outcome?.kind === 'rows' && <ImportErrors fileName={outcome.file} details={outcome.details} />}
      {outcome?.kind === 'error' && (
        <div role="alert" className="org-import-errors" data-testid="import-errors">
          <p>
            <strong>{t('org.import.nothingImported', { file: outcome.file })}</strong>
          </p>
          <p>{outcome.text}</p>
        </div>
      )}
      <h3>{t('org.export.title')}</h3>
      <div className="org-export">
        {ORG_TABLES.map((tb) =>
          (['xlsx', 'csv'] as const).map((format) => (
            <button
              key={`${tb}-${format}`}
              type="button"
              className="button button--quiet"
              onClick={() =>
                void apiDownload(
                  API.org.exportTable,
                  { params: { table: tb }, query: { format }, token },
                  `${tb}.${format}`,
                )
              }
            >
              {t(`org.tables.${tb}`)} ({format.toUpperCase()})
            </button>
          )),
        )}
      </div>
    </section>
  );
}
