import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberPage } from '@diem-cau/shared';
import { apiJson } from '../../lib/api';

const PAGE = 50;

/** Members with search by name or member number, a page at a time. */
export function MembersList({ token }: { token: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<MemberPage | null>(null);

  useEffect(() => {
    const params = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
    if (query) params.set('q', query);
    apiJson<MemberPage>('GET', `/org/members?${params.toString()}`, token)
      .then(setPage)
      .catch(() => setPage(null));
  }, [token, query, offset]);

  return (
    <section className="org-section">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setQuery(q.trim());
        }}
      >
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('org.members.search')} aria-label={t('org.members.search')} />
        <button type="submit" className="button">
          {t('org.members.find')}
        </button>
      </form>
      {page && (
        <>
          <p>{t('org.members.total', { count: page.total })}</p>
          <table className="org-table">
            <thead>
              <tr>
                <th>{t('org.members.fullName')}</th>
                <th>{t('org.members.number')}</th>
                <th>{t('org.members.gender')}</th>
                <th>{t('org.members.birthYear')}</th>
                <th>{t('org.members.cell')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((m) => (
                <tr key={m.id}>
                  <td>
                    {m.fullName} {m.synthetic && <small className="org-synthetic">({t('org.members.synthetic')})</small>}
                  </td>
                  <td>{m.memberNumber}</td>
                  <td>{t(`org.genders.${m.gender}`)}</td>
                  <td>{m.birthYear}</td>
                  <td>
                    {m.cellName}
                    {m.communeName ? ` — ${m.communeName}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="org-pager">
            <button type="button" className="button button--quiet" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              ‹
            </button>
            <span>
              {page.total === 0 ? 0 : offset + 1}–{Math.min(offset + PAGE, page.total)}
            </span>
            <button type="button" className="button button--quiet" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
              ›
            </button>
          </div>
        </>
      )}
    </section>
  );
}
