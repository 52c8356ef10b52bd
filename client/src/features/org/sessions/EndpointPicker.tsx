import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Endpoint } from '@diem-cau/shared';

const SHOWN = 100;

/** Individual endpoints with search: ticked = to be invited. Saving sends only the differences. */
export function EndpointPicker({
  endpoints,
  invited,
  busy,
  onSave,
}: {
  endpoints: Endpoint[];
  invited: Set<string>;
  busy: boolean;
  onSave: (add: string[], remove: string[]) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(invited));
  const matches = useMemo(() => {
    const q = search.trim().toLocaleLowerCase('vi');
    return q
      ? endpoints.filter((e) => `${e.name} ${e.unitName} ${e.districtName ?? ''}`.toLocaleLowerCase('vi').includes(q))
      : endpoints;
  }, [endpoints, search]);
  const add = [...chosen].filter((id) => !invited.has(id));
  const remove = [...invited].filter((id) => !chosen.has(id));
  const toggle = (id: string): void =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="org-picker">
      <input
        type="search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        placeholder={t('org.invites.searchEndpoints')}
        aria-label={t('org.invites.searchEndpoints')}
      />
      <p className="org-hint">
        {t('org.invites.matches', { shown: Math.min(SHOWN, matches.length), count: matches.length })}
      </p>
      <ul className="org-checklist">
        {matches.slice(0, SHOWN).map((e) => (
          <li key={e.id}>
            <label>
              <input type="checkbox" checked={chosen.has(e.id)} onChange={() => toggle(e.id)} /> {e.name}{' '}
              <small>
                ({e.unitName}, {e.districtName})
              </small>
            </label>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button"
        disabled={busy || (add.length === 0 && remove.length === 0)}
        onClick={() => onSave(add, remove)}
      >
        {t('org.invites.saveEndpoints', { add: add.length, remove: remove.length })}
      </button>
    </div>
  );
}
