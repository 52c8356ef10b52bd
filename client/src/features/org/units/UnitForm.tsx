import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type OrgUnit, type OrgUnitKind } from '@diem-cau/shared';
import { api } from '../../../lib/api';
import { errorText } from '../common/errorText';

/** The level under each level (a Party cell has none). */
export const CHILD_KIND: Record<OrgUnitKind, OrgUnitKind | null> = {
  province: 'district',
  district: 'commune',
  commune: 'cell',
  cell: null,
};

type Props = { token: string; onDone: (unit: OrgUnit) => void; onCancel: () => void } & (
  { unit: OrgUnit } | { parent: OrgUnit; kind: OrgUnitKind }
);

/** Creates a unit under a parent, or renames / re-codes an existing one. */
export function UnitForm(props: Props) {
  const { t } = useTranslation();
  const editing = 'unit' in props ? props.unit : null;
  const [name, setName] = useState(editing?.name ?? '');
  const [code, setCode] = useState(editing?.code ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    try {
      const saved = editing
        ? await api(API.org.updateUnit, {
            params: { id: editing.id },
            body: { name: name.trim(), code: code.trim() },
            token: props.token,
          })
        : await api(API.org.createUnit, {
            body: {
              parentId: 'parent' in props ? props.parent.id : null,
              kind: 'kind' in props ? props.kind : 'district',
              name: name.trim(),
              code: code.trim(),
            },
            token: props.token,
          });
      props.onDone(saved);
    } catch (e) {
      setError(errorText(t, e, 'units'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="org-inline-form"
      onSubmit={(e) => void submit(e)}
      aria-label={editing ? t('org.units.editTitle', { name: editing.name }) : t('org.units.addTitle')}
    >
      <label>
        {t('org.units.name')} <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label>
        {t('org.units.code')} <input value={code} onChange={(e) => setCode(e.target.value)} required maxLength={64} />
      </label>
      <button type="submit" className="button" disabled={busy}>
        {t('org.common.save')}
      </button>
      <button type="button" className="button button--quiet" onClick={props.onCancel}>
        {t('org.common.cancel')}
      </button>
      {error && (
        <p role="alert" className="org-error">
          {error}
        </p>
      )}
    </form>
  );
}
