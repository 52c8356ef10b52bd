import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type ArchivedFilter, type Member, type MemberPage } from '@diem-cau/shared';
import { api } from '../../lib/api';
import { ArchivedSelect, isArchivable } from './common/archived';
import { errorText } from './common/errorText';
import { MemberForm } from './members/MemberForm';
import { MemberRow } from './members/MemberRow';
import { Pager } from './members/Pager';
import { PinBatchPanel } from './members/PinBatchPanel';
import { NO_UNIT, selectedUnitId, UnitFilter, type UnitSelection } from './members/UnitFilter';

const PAGE = 50;

/**
 * Members: search by name or member number, filter by district/commune/cell and by archived or not,
 * server-side paging; admins edit, archive (members with records are never deleted) and restore.
 */
export function MembersList({ token, canEdit }: { token: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [units, setUnits] = useState<UnitSelection>(NO_UNIT);
  const [archived, setArchived] = useState<ArchivedFilter>('exclude');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<MemberPage | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'status'; text: string } | null>(null);
  const [version, setVersion] = useState(0);
  // Members ticked for a PIN batch (kept across pages and searches).
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const unitId = selectedUnitId(units);

  useEffect(() => {
    let live = true;
    api(API.org.listMembers, {
      query: { limit: PAGE, offset, q: query || undefined, unitId: unitId || undefined, archived },
      token,
    })
      .then((p) => live && setPage(p))
      .catch((e: unknown) => live && setMessage({ kind: 'error', text: errorText(t, e, 'members') }));
    return () => {
      live = false;
    };
  }, [token, query, unitId, archived, offset, version, t]);

  const archive = async (m: Member, confirmed = false): Promise<void> => {
    if (!confirmed && !window.confirm(t('org.members.confirmArchive', { name: m.fullName, number: m.memberNumber })))
      return;
    try {
      await api(API.org.archiveMember, { params: { id: m.id }, token });
      setMessage({ kind: 'status', text: t('org.members.archived', { name: m.fullName }) });
      setVersion((v) => v + 1);
    } catch (e) {
      setMessage({ kind: 'error', text: `${m.fullName}: ${errorText(t, e, 'archive')}` });
    }
  };
  const restore = async (m: Member): Promise<void> => {
    try {
      await api(API.org.restoreMember, { params: { id: m.id }, token });
      setMessage({ kind: 'status', text: t('org.members.restored', { name: m.fullName }) });
      setVersion((v) => v + 1);
    } catch (e) {
      setMessage({ kind: 'error', text: `${m.fullName}: ${errorText(t, e, 'archive')}` });
    }
  };
  const remove = async (m: Member): Promise<void> => {
    if (!window.confirm(t('org.members.confirmDelete', { name: m.fullName, number: m.memberNumber }))) return;
    try {
      await api(API.org.deleteMember, { params: { id: m.id }, token });
      setMessage({ kind: 'status', text: t('org.members.deleted', { name: m.fullName }) });
      setVersion((v) => v + 1);
    } catch (e) {
      // Records are kept: offer archiving, which the server says this member allows.
      if (isArchivable(e) && window.confirm(t('org.members.offerArchive', { name: m.fullName })))
        return archive(m, true);
      setMessage({ kind: 'error', text: `${m.fullName}: ${errorText(t, e, 'members.remove')}` });
    }
  };

  return (
    <section className="org-section">
      <form
        className="org-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setQuery(q.trim());
        }}
      >
        <input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('org.members.search')}
          aria-label={t('org.members.search')}
          maxLength={100}
        />
        <button type="submit" className="button">
          {t('org.members.find')}
        </button>
        <UnitFilter
          token={token}
          value={units}
          onChange={(s) => {
            setUnits(s);
            setOffset(0);
          }}
        />
        <ArchivedSelect
          value={archived}
          testId="members-archived-filter"
          onChange={(a) => {
            setArchived(a);
            setOffset(0);
          }}
        />
      </form>
      {canEdit && (
        <PinBatchPanel
          token={token}
          unitId={selectedUnitId(units)}
          total={query ? null : (page?.total ?? null)}
          memberIds={[...selected]}
          onIssued={() => setSelected(new Set())}
        />
      )}
      {message && (
        <p
          role={message.kind === 'error' ? 'alert' : 'status'}
          className={message.kind === 'error' ? 'org-error' : undefined}
        >
          {message.text}
        </p>
      )}
      {page && (
        <>
          <p data-testid="members-total">{t('org.members.total', { count: page.total })}</p>
          <table className="org-table">
            <thead>
              <tr>
                {canEdit && <th />}
                <th>{t('org.members.fullName')}</th>
                <th>{t('org.members.number')}</th>
                <th>{t('org.members.gender')}</th>
                <th>{t('org.members.birthYear')}</th>
                <th>{t('org.members.phone')}</th>
                <th>{t('org.members.cell')}</th>
                {canEdit && <th />}
              </tr>
            </thead>
            <tbody>
              {page.items.map((m) =>
                editing === m.id ? (
                  <tr key={m.id}>
                    <td colSpan={8}>
                      <MemberForm
                        token={token}
                        member={m}
                        onCancel={() => setEditing(null)}
                        onDone={(saved) => {
                          setEditing(null);
                          setMessage({ kind: 'status', text: t('org.members.saved', { name: saved.fullName }) });
                          setVersion((v) => v + 1);
                        }}
                      />
                    </td>
                  </tr>
                ) : (
                  <MemberRow
                    key={m.id}
                    member={m}
                    canEdit={canEdit}
                    onEdit={() => setEditing(m.id)}
                    onDelete={() => void remove(m)}
                    onArchive={() => void archive(m)}
                    onRestore={() => void restore(m)}
                    selected={selected.has(m.id)}
                    onSelect={
                      canEdit
                        ? (on) =>
                            setSelected((s) => {
                              const next = new Set(s);
                              if (on) next.add(m.id);
                              else next.delete(m.id);
                              return next;
                            })
                        : undefined
                    }
                  />
                ),
              )}
            </tbody>
          </table>
          <Pager offset={offset} pageSize={PAGE} total={page.total} onOffset={setOffset} />
        </>
      )}
    </section>
  );
}
