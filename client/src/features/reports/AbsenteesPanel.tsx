import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionReport } from '@diem-cau/shared';
import { fold } from './fold';
import { Pager } from './Pager';

const PAGE_SIZE = 50;
type Group = SessionReport['absentees'][number];

/** Absentees per cell as counts; a cell opens into a paged, searchable list (the report already holds them all). */
export function AbsenteesPanel({ groups, formatMinutes }: { groups: Group[]; formatMinutes: (ms: number) => string }) {
  const { t } = useTranslation();
  const [openCell, setOpenCell] = useState<string | null>(null);
  const [cellFilter, setCellFilter] = useState('');
  const total = groups.reduce((n, g) => n + g.members.length, 0);
  const needle = fold(cellFilter);
  const shown = needle
    ? groups.filter((g) => fold(`${g.cellName} ${g.communeName} ${g.districtName}`).includes(needle))
    : groups;
  const open = groups.find((g) => g.cellId === openCell) ?? null;

  return (
    <section className="report-absentees" aria-labelledby="report-absentees-title" data-testid="report-absentees">
      <h3 id="report-absentees-title">{t('reports.absentees.title', { count: total })}</h3>
      {groups.length === 0 ? (
        <p>{t('reports.absentees.none')}</p>
      ) : (
        <>
          {groups.length > 10 && (
            <label className="report-absentees__filter">
              {t('reports.absentees.filterCells')}
              <input type="search" value={cellFilter} onChange={(e) => setCellFilter(e.target.value)} />
            </label>
          )}
          <ul className="report-absentees__cells">
            {shown.map((g) => (
              <li key={g.cellId}>
                <button
                  type="button"
                  className="report-absentees__cell"
                  data-testid="absentee-cell"
                  aria-expanded={openCell === g.cellId}
                  onClick={() => setOpenCell(openCell === g.cellId ? null : g.cellId)}
                >
                  <span>
                    {g.cellName} — {g.communeName}, {g.districtName}
                  </span>
                  <strong data-testid="absentee-count">{g.members.length}</strong>
                </button>
              </li>
            ))}
          </ul>
          {open && (
            <CellAbsentees
              key={open.cellId}
              group={open}
              formatMinutes={formatMinutes}
              onClose={() => setOpenCell(null)}
            />
          )}
        </>
      )}
    </section>
  );
}

function CellAbsentees({
  group,
  formatMinutes,
  onClose,
}: {
  group: Group;
  formatMinutes: (ms: number) => string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const matches = useMemo(() => {
    const needle = fold(query);
    return needle
      ? group.members.filter((m) => fold(`${m.fullName} ${m.memberNumber}`).includes(needle))
      : group.members;
  }, [group, query]);
  const pages = Math.max(1, Math.ceil(matches.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const rows = matches.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  return (
    <div className="report-absentees__list" data-testid="absentee-list" role="region" aria-label={group.cellName}>
      <div className="report-absentees__list-head">
        <h4>
          {group.cellName} — {group.communeName}, {group.districtName} ({group.members.length})
        </h4>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t('reports.absentees.close')}
        </button>
      </div>
      <label>
        {t('reports.absentees.search')}
        <input
          type="search"
          data-testid="absentee-search"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setPage(0);
          }}
        />
      </label>
      {rows.length === 0 ? (
        <p>{t('reports.absentees.noMatch')}</p>
      ) : (
        <ol start={current * PAGE_SIZE + 1}>
          {rows.map((m) => (
            <li key={m.memberId}>
              {m.fullName} ({m.memberNumber}) —{' '}
              {t('reports.absentees.present', { minutes: formatMinutes(m.presentMs) })}
            </li>
          ))}
        </ol>
      )}
      <Pager page={current} pages={pages} onPage={setPage} testId="absentee-page" />
    </div>
  );
}
