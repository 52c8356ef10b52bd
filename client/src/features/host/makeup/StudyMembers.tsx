import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API } from '@diem-cau/shared';
import { api } from '../../../lib/api';
import { formatDateTime, formatNumber } from '../../../i18n/format';
import { FeedbackLine, useRequest } from './feedback';
import { ROW_FILTERS, rowCounts, visibleRows, type RowFilter, type StudyRow } from './studyRows';

/** A page of the list: a province's session has tens of thousands of members. */
const PAGE_SIZE = 50;

/**
 * Each member's make-up study: who must study and why, how much they watched, and whether they
 * completed it (alone or in a hall). Filtered, searched and paged; attendees are selected here and
 * assigned make-up study.
 */
export function StudyMembers({
  token,
  sessionId,
  rows,
  onAssigned,
}: {
  token: string;
  sessionId: string;
  rows: readonly StudyRow[];
  onAssigned: () => void;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<RowFilter>('all');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const { busy, feedback, run } = useRequest();
  const counts = useMemo(() => rowCounts(rows), [rows]);
  const matches = useMemo(() => visibleRows(rows, filter, query), [rows, filter, query]);
  const pages = Math.max(1, Math.ceil(matches.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const shown = matches.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const selectable = shown.filter((r) => r.kind === 'attended');
  // A selection survives paging and searching, but not a member who is no longer an attendee.
  const chosen = rows.filter((r) => r.kind === 'attended' && selected.has(r.memberId)).map((r) => r.memberId);

  const toggle = (ids: readonly string[], on: boolean) =>
    setSelected((before) => {
      const next = new Set(before);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  const assign = () =>
    run(async () => {
      const answer = await api(API.makeupStudy.assign, {
        params: { id: sessionId },
        token,
        body: { memberIds: chosen },
      });
      setSelected(new Set());
      onAssigned();
      return t('makeupHost.members.assigned', { count: answer.assigned });
    });

  return (
    <section className="makeup-members" data-testid="makeup-members" aria-labelledby="makeup-members-title">
      <h3 id="makeup-members-title">{t('makeupHost.members.title')}</h3>
      <p data-testid="makeup-counts">{t('makeupHost.members.summary', counts)}</p>
      <div className="makeup-members__tools">
        <label>
          {t('makeupHost.members.filter')}
          <select
            data-testid="makeup-filter"
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value as RowFilter);
              setPage(0);
            }}
          >
            {ROW_FILTERS.map((f) => (
              <option key={f} value={f}>
                {t(`makeupHost.members.filters.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('makeupHost.members.search')}
          <input
            type="search"
            data-testid="makeup-search"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setPage(0);
            }}
          />
        </label>
        <button
          type="button"
          className="primary"
          data-testid="makeup-assign"
          disabled={busy || chosen.length === 0}
          onClick={() => void assign()}
        >
          {t('makeupHost.members.assign', { count: chosen.length })}
        </button>
      </div>
      <FeedbackLine feedback={feedback} testId="makeup-assign-message" />
      {shown.length === 0 ? (
        <p>{rows.length === 0 ? t('makeupHost.members.none') : t('makeupHost.members.noMatch')}</p>
      ) : (
        <div className="makeup-members__scroll">
          <table className="makeup-members__table">
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label={t('makeupHost.members.selectPage')}
                    title={t('makeupHost.members.selectPage')}
                    data-testid="makeup-select-page"
                    disabled={selectable.length === 0}
                    checked={selectable.length > 0 && selectable.every((r) => selected.has(r.memberId))}
                    onChange={(e) =>
                      toggle(
                        selectable.map((r) => r.memberId),
                        e.target.checked,
                      )
                    }
                  />
                </th>
                <th scope="col">{t('makeupHost.members.name')}</th>
                <th scope="col">{t('makeupHost.members.number')}</th>
                <th scope="col">{t('makeupHost.members.cell')}</th>
                <th scope="col">{t('makeupHost.members.reason')}</th>
                <th scope="col">{t('makeupHost.members.watched')}</th>
                <th scope="col">{t('makeupHost.members.completed')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr
                  key={r.memberId}
                  data-testid="makeup-member"
                  data-member={r.memberId}
                  data-kind={r.kind}
                  data-completed={r.completedVia ?? 'no'}
                >
                  <td>
                    {r.kind === 'attended' && (
                      <input
                        type="checkbox"
                        aria-label={t('makeupHost.members.select', { name: r.fullName })}
                        data-testid="makeup-select"
                        checked={selected.has(r.memberId)}
                        onChange={(e) => toggle([r.memberId], e.target.checked)}
                      />
                    )}
                  </td>
                  <td>{r.fullName}</td>
                  <td>{r.memberNumber}</td>
                  <td>{r.place}</td>
                  <td>{t(`makeupHost.members.kinds.${r.kind}`)}</td>
                  <td data-testid="makeup-watched">
                    {r.kind === 'attended'
                      ? '—'
                      : formatNumber(Math.floor(r.watchedShare * 100) / 100, { style: 'percent' })}
                  </td>
                  <td>
                    {r.completedAt
                      ? t('makeupHost.members.completedAt', {
                          at: formatDateTime(r.completedAt),
                          via: t(`makeupHost.members.via.${r.completedVia ?? 'individual'}`),
                        })
                      : r.kind === 'attended'
                        ? '—'
                        : t('makeupHost.members.notCompleted')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav className="makeup-members__pager" aria-label={t('makeupHost.members.pages')}>
          <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
            {t('makeupHost.members.prev')}
          </button>
          <span data-testid="makeup-page">{t('makeupHost.members.page', { page: current + 1, pages })}</span>
          <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            {t('makeupHost.members.next')}
          </button>
        </nav>
      )}
    </section>
  );
}
