import { useTranslation } from 'react-i18next';
import { ARCHIVED_FILTERS, type ArchivedFilter } from '@diem-cau/shared';
import { ApiError } from '../../../lib/api';

/** A delete refused because records are kept, where the server says archiving is the way (details `archivable`). */
export function isArchivable(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.code === 'CONFLICT' &&
    (error.details ?? []).some((d) => d.message === 'archivable')
  );
}

/** Which rows a list shows: active ones (the default), all, or only the archived ones. */
export function ArchivedSelect({
  value,
  onChange,
  testId,
}: {
  value: ArchivedFilter;
  onChange: (value: ArchivedFilter) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <label>
      {t('org.archive.show')}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value as ArchivedFilter)} data-testid={testId}>
        {ARCHIVED_FILTERS.map((f) => (
          <option key={f} value={f}>
            {t(`org.archive.${f}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
