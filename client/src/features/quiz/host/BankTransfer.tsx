import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API } from '@diem-cau/shared';
import { ApiError, api, apiDownload } from '../common/api';

const COLUMN_KEYS = ['type', 'prompt', 'answer', 'timeLimitS', 'explanation'] as const;
const MESSAGE_KEYS = [
  'missing_column',
  'required',
  'unknown_type',
  'bad_answer',
  'bad_time',
  'option_gap',
  'too_many_fields',
  'malformed_csv',
  'malformed_xlsx',
  'empty',
  'no_rows',
  'too_many_rows',
  'too_long',
  'bad_options',
  'xlsx_uncompressed_too_large',
  'xlsx_compression_ratio',
  'xlsx_too_many_entries',
] as const;

/** The server's code for a problem, in words when the screen knows it. */
const isMessageKey = (text: string): text is (typeof MESSAGE_KEYS)[number] =>
  (MESSAGE_KEYS as readonly string[]).includes(text);

/** Import (XLSX/CSV, all or nothing, with row errors) and export of the bank. */
export function BankTransfer({
  token,
  sessionId,
  onImported,
}: {
  token: string;
  sessionId: string;
  onImported: () => void;
}) {
  const { t } = useTranslation();
  const [replace, setReplace] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<string[]>([]);

  const describe = (path: string, text: string): string => {
    const [, line, column = ''] = path.split('.');
    const columnName = (COLUMN_KEYS as readonly string[]).includes(column)
      ? t(`quiz.columns.${column as (typeof COLUMN_KEYS)[number]}`)
      : column.startsWith('option')
        ? `${t('quiz.columns.option')} ${column.slice(6)}`
        : column;
    const messageText = isMessageKey(text) ? t(`quiz.errors.${text}`) : text;
    return t('quiz.bank.row', { line, column: columnName, message: messageText });
  };

  const upload = async (file: File) => {
    setMessage(null);
    setRowErrors([]);
    try {
      const result = await api(API.quiz.importQuestions, {
        params: { sessionId },
        query: { mode: replace ? 'replace' : 'append' },
        file,
        token,
      });
      setMessage(t('quiz.bank.imported', { count: result.imported }));
      onImported();
    } catch (e) {
      setMessage(t('quiz.bank.importFailed'));
      if (e instanceof ApiError)
        setRowErrors(
          (e.details ?? [{ path: '', message: e.code }]).map((d) =>
            d.path.startsWith('row.')
              ? describe(d.path, d.message)
              : isMessageKey(d.message)
                ? t(`quiz.errors.${d.message}`)
                : `${d.path} ${d.message}`.trim(),
          ),
        );
    }
  };

  const exportBank = (format: 'xlsx' | 'csv') =>
    apiDownload(API.quiz.exportQuestions, { params: { sessionId }, query: { format }, token }, `cau-hoi.${format}`);

  return (
    <div className="quiz-transfer">
      <label className="quiz-file">
        {t('quiz.bank.import')}
        <input
          type="file"
          accept=".xlsx,.csv"
          data-testid="quiz-import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void upload(file);
          }}
        />
      </label>
      <label className="quiz-editor__inline">
        <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
        {t('quiz.bank.replace')}
      </label>
      <button type="button" onClick={() => void exportBank('xlsx')}>
        {t('quiz.bank.exportXlsx')}
      </button>
      <button type="button" onClick={() => void exportBank('csv')}>
        {t('quiz.bank.exportCsv')}
      </button>
      {message && (
        <p role="status" data-testid="quiz-import-result">
          {message}
        </p>
      )}
      {rowErrors.length > 0 && (
        <ul className="quiz-error" data-testid="quiz-import-errors">
          {rowErrors.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
