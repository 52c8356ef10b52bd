import { useTranslation } from 'react-i18next';

/** Previous / "page n of m" / next for a long list the report already holds whole. */
export function Pager({
  page,
  pages,
  onPage,
  testId,
}: {
  page: number;
  pages: number;
  onPage: (page: number) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <nav className="report-absentees__pager" aria-label={t('reports.absentees.pages')}>
      <button type="button" className="button button--secondary" disabled={page === 0} onClick={() => onPage(page - 1)}>
        {t('reports.absentees.prev')}
      </button>
      <span data-testid={testId}>{t('reports.absentees.page', { page: page + 1, pages })}</span>
      <button
        type="button"
        className="button button--secondary"
        disabled={page >= pages - 1}
        onClick={() => onPage(page + 1)}
      >
        {t('reports.absentees.next')}
      </button>
    </nav>
  );
}
