import { useTranslation } from 'react-i18next';

/** Previous/next page and "1–50 of 3,512" (server-side paging). */
export function Pager({
  offset,
  pageSize,
  total,
  onOffset,
}: {
  offset: number;
  pageSize: number;
  total: number;
  onOffset: (offset: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'vi-VN';
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.floor(offset / pageSize) + 1;
  return (
    <nav className="org-pager" aria-label={t('org.pager.label')}>
      <button
        type="button"
        className="button button--quiet"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - pageSize))}
        aria-label={t('org.pager.previous')}
      >
        ‹
      </button>
      <span data-testid="pager-range">
        {t('org.pager.range', {
          from: (total === 0 ? 0 : offset + 1).toLocaleString(locale),
          to: Math.min(offset + pageSize, total).toLocaleString(locale),
          total: total.toLocaleString(locale),
        })}
      </span>
      <span>{t('org.pager.page', { page, pages })}</span>
      <button
        type="button"
        className="button button--quiet"
        disabled={offset + pageSize >= total}
        onClick={() => onOffset(offset + pageSize)}
        aria-label={t('org.pager.next')}
      >
        ›
      </button>
    </nav>
  );
}
