import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type OrgUnit } from '@diem-cau/shared';
import { api } from '../../../lib/api';

export interface UnitSelection {
  districtId: string;
  communeId: string;
  cellId: string;
}
export const NO_UNIT: UnitSelection = { districtId: '', communeId: '', cellId: '' };

/** The most specific unit chosen (cell, else commune, else district), or '' for the whole province. */
export const selectedUnitId = (s: UnitSelection): string => s.cellId || s.communeId || s.districtId;

function useChildren(token: string, parentId: string, kind?: 'district'): OrgUnit[] {
  const [units, setUnits] = useState<OrgUnit[]>([]);
  useEffect(() => {
    if (!kind && !parentId) {
      setUnits([]);
      return;
    }
    let live = true;
    api(API.org.listUnits, { query: kind ? { kind } : { parentId }, token })
      .then((u) => live && setUnits(u))
      .catch(() => live && setUnits([]));
    return () => {
      live = false;
    };
  }, [token, parentId, kind]);
  return units;
}

/** District → commune → Party cell selects; each level narrows the next. */
export function UnitFilter({
  token,
  value,
  onChange,
}: {
  token: string;
  value: UnitSelection;
  onChange: (s: UnitSelection) => void;
}) {
  const { t } = useTranslation();
  const districts = useChildren(token, '', 'district');
  const communes = useChildren(token, value.districtId);
  const cells = useChildren(token, value.communeId);
  const select = (label: string, current: string, units: OrgUnit[], all: string, change: (id: string) => void) => (
    <label>
      {label}{' '}
      <select value={current} onChange={(e) => change(e.target.value)} disabled={units.length === 0}>
        <option value="">{all}</option>
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <>
      {select(t('org.filter.district'), value.districtId, districts, t('org.filter.allDistricts'), (districtId) =>
        onChange({ districtId, communeId: '', cellId: '' }),
      )}
      {select(t('org.filter.commune'), value.communeId, communes, t('org.filter.allCommunes'), (communeId) =>
        onChange({ ...value, communeId, cellId: '' }),
      )}
      {select(t('org.filter.cell'), value.cellId, cells, t('org.filter.allCells'), (cellId) =>
        onChange({ ...value, cellId }),
      )}
    </>
  );
}
