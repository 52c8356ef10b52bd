import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgUnit } from '@diem-cau/shared';
import { apiJson } from '../../lib/api';

function UnitNode({ unit, token }: { unit: OrgUnit; token: string }) {
  const { t } = useTranslation();
  const [children, setChildren] = useState<OrgUnit[] | null>(null);
  const [open, setOpen] = useState(false);
  const toggle = async (): Promise<void> => {
    if (!open && children === null) setChildren(await apiJson<OrgUnit[]>('GET', `/org/units?parentId=${unit.id}`, token).catch(() => []));
    setOpen(!open);
  };
  return (
    <li>
      <button type="button" className="org-tree__node" aria-expanded={open} onClick={() => void toggle()} disabled={unit.kind === 'cell'}>
        {unit.kind !== 'cell' && (open ? '▾ ' : '▸ ')}
        {unit.name} <small>({t(`org.kinds.${unit.kind}`)} · {unit.code})</small>
      </button>
      {open && children && (
        <ul>
          {children.map((c) => (
            <UnitNode key={c.id} unit={c} token={token} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** Browses the organisation tree level by level (province → district → commune → cell). */
export function UnitsTree({ token }: { token: string }) {
  const [roots, setRoots] = useState<OrgUnit[]>([]);
  useEffect(() => {
    apiJson<OrgUnit[]>('GET', '/org/units?kind=province', token)
      .then(setRoots)
      .catch(() => setRoots([]));
  }, [token]);
  return (
    <ul className="org-tree" data-testid="org-tree">
      {roots.map((u) => (
        <UnitNode key={u.id} unit={u} token={token} />
      ))}
    </ul>
  );
}
