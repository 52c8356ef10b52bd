import { useCallback, useEffect, useState } from 'react';
import { API, type OrgUnit } from '@diem-cau/shared';
import { api } from '../../lib/api';
import { UnitNode } from './units/UnitNode';

/** Browses the organisation tree level by level (province → district → commune → cell); admins edit it. */
export function UnitsTree({ token, canEdit }: { token: string; canEdit: boolean }) {
  const [roots, setRoots] = useState<OrgUnit[]>([]);
  const load = useCallback(() => {
    api(API.org.listUnits, { query: { kind: 'province' }, token })
      .then(setRoots)
      .catch(() => setRoots([]));
  }, [token]);
  useEffect(load, [load]);
  return (
    <ul className="org-tree" data-testid="org-tree">
      {roots.map((u) => (
        <UnitNode key={u.id} unit={u} token={token} canEdit={canEdit} onDeleted={load} />
      ))}
    </ul>
  );
}
