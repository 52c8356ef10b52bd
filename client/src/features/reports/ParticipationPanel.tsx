import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTICIPATIONS, participationOf, type MemberReportRow, type Participation } from '@diem-cau/shared';
import { fold } from './fold';
import { Pager } from './Pager';

const PAGE_SIZE = 50;

interface CellRow {
  cellId: string;
  cellName: string;
  place: string;
  counts: Record<Participation, number>;
  members: MemberReportRow[];
}

const zero = (): Record<Participation, number> => ({ live: 0, makeup_individual: 0, makeup_hall: 0, absent: 0 });

/** The invited members per cell, counted live / make-up alone / make-up in a hall / absent. */
function cellsOf(members: readonly MemberReportRow[]): CellRow[] {
  const cells = new Map<string, CellRow>();
  for (const m of members) {
    if (!m.invited) continue;
    let cell = cells.get(m.cellId);
    if (!cell)
      cells.set(
        m.cellId,
        (cell = {
          cellId: m.cellId,
          cellName: m.cellName,
          place: `${m.communeName}, ${m.districtName}`,
          counts: zero(),
          members: [],
        }),
      );
    cell.counts[participationOf(m)] += 1;
    cell.members.push(m);
  }
  return [...cells.values()];
}

/**
 * How the invited members took part, per cell: live, made up (alone from the recording or in a
 * hall make-up) or absent; a cell opens into its members with their status.
 */
export function ParticipationPanel({ members }: { members: readonly MemberReportRow[] }) {
  const { t } = useTranslation();
  const cells = useMemo(() => cellsOf(members), [members]);
  const [filter, setFilter] = useState('');
  const [openCell, setOpenCell] = useState<string | null>(null);
  const needle = fold(filter);
  const shown = needle ? cells.filter((c) => fold(`${c.cellName} ${c.place}`).includes(needle)) : cells;
  const open = cells.find((c) => c.cellId === openCell) ?? null;

  return (
    <section
      className="report-participation"
      aria-labelledby="report-participation-title"
      data-testid="report-participation"
    >
      <h3 id="report-participation-title">{t('reports.participation.title')}</h3>
      {cells.length === 0 ? (
        <p>{t('reports.participation.none')}</p>
      ) : (
        <>
          {cells.length > 10 && (
            <label className="report-absentees__filter">
              {t('reports.absentees.filterCells')}
              <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
            </label>
          )}
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">{t('reports.participation.cell')}</th>
                {PARTICIPATIONS.map((p) => (
                  <th key={p} scope="col">
                    {t(`reports.participation.kinds.${p}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((c) => (
                <tr key={c.cellId} data-testid="participation-cell" data-cell={c.cellName}>
                  <th scope="row">
                    <button
                      type="button"
                      className="link-button"
                      aria-expanded={openCell === c.cellId}
                      onClick={() => setOpenCell(openCell === c.cellId ? null : c.cellId)}
                    >
                      {c.cellName} — {c.place}
                    </button>
                  </th>
                  {PARTICIPATIONS.map((p) => (
                    <td key={p} data-kind={p}>
                      {c.counts[p]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {open && <CellMembers key={open.cellId} cell={open} onClose={() => setOpenCell(null)} />}
        </>
      )}
    </section>
  );
}

function CellMembers({ cell, onClose }: { cell: CellRow; onClose: () => void }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(cell.members.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const rows = cell.members.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  return (
    <div
      className="report-absentees__list"
      data-testid="participation-members"
      role="region"
      aria-label={cell.cellName}
    >
      <div className="report-absentees__list-head">
        <h4>
          {cell.cellName} — {cell.place} ({cell.members.length})
        </h4>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t('reports.absentees.close')}
        </button>
      </div>
      <ol start={current * PAGE_SIZE + 1}>
        {rows.map((m) => {
          const took = participationOf(m);
          return (
            <li key={m.memberId} data-testid="participation-member" data-participation={took}>
              {m.fullName} ({m.memberNumber}) —{' '}
              <span className={`participation participation--${took}`}>{t(`reports.participation.kinds.${took}`)}</span>
            </li>
          );
        })}
      </ol>
      <Pager page={current} pages={pages} onPage={setPage} />
    </div>
  );
}
