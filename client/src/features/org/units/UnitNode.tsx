import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type OrgUnit } from '@diem-cau/shared';
import { api } from '../../../lib/api';
import { errorText } from '../common/errorText';
import { CHILD_KIND, UnitForm } from './UnitForm';

type Mode = 'view' | 'edit' | 'add';

/** One unit of the tree: expand to its children; rename, add a child unit, or delete (admins). */
export function UnitNode({
  unit,
  token,
  canEdit,
  onDeleted,
}: {
  unit: OrgUnit;
  token: string;
  canEdit: boolean;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(unit);
  const [children, setChildren] = useState<OrgUnit[] | null>(null);
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<Mode>('view');
  const [error, setError] = useState<string | null>(null);
  const childKind = CHILD_KIND[current.kind];

  const loadChildren = useCallback(async (): Promise<void> => {
    setChildren(await api(API.org.listUnits, { query: { parentId: current.id }, token }).catch(() => []));
  }, [current.id, token]);

  const toggle = async (): Promise<void> => {
    if (!open && children === null) await loadChildren();
    setOpen(!open);
  };

  const remove = async (): Promise<void> => {
    if (!window.confirm(t('org.units.confirmDelete', { name: current.name }))) return;
    try {
      await api(API.org.deleteUnit, { params: { id: current.id }, token });
      onDeleted();
    } catch (e) {
      setError(errorText(t, e, 'units.remove'));
    }
  };

  return (
    <li>
      <div className="org-tree__row">
        <button
          type="button"
          className="org-tree__node"
          aria-expanded={childKind ? open : undefined}
          onClick={() => void toggle()}
          disabled={!childKind}
        >
          {childKind && (open ? '▾ ' : '▸ ')}
          {current.name}{' '}
          <small>
            ({t(`org.kinds.${current.kind}`)} · {current.code})
          </small>
        </button>
        {canEdit && mode === 'view' && (
          <span className="org-tree__actions">
            <button
              type="button"
              className="link"
              onClick={() => setMode('edit')}
              aria-label={t('org.units.editTitle', { name: current.name })}
            >
              {t('org.common.edit')}
            </button>
            {childKind && (
              <button type="button" className="link" onClick={() => setMode('add')}>
                {t('org.units.add', { kind: t(`org.kinds.${childKind}`) })}
              </button>
            )}
            {current.kind !== 'province' && (
              <button
                type="button"
                className="link link--danger"
                onClick={() => void remove()}
                aria-label={t('org.units.deleteTitle', { name: current.name })}
              >
                {t('org.common.delete')}
              </button>
            )}
          </span>
        )}
      </div>
      {error && (
        <p role="alert" className="org-error">
          {error}
        </p>
      )}
      {mode === 'edit' && (
        <UnitForm
          token={token}
          unit={current}
          onCancel={() => setMode('view')}
          onDone={(u) => {
            setCurrent(u);
            setMode('view');
            setError(null);
          }}
        />
      )}
      {mode === 'add' && childKind && (
        <UnitForm
          token={token}
          parent={current}
          kind={childKind}
          onCancel={() => setMode('view')}
          onDone={() => {
            setMode('view');
            setOpen(true);
            void loadChildren();
          }}
        />
      )}
      {open && children && (
        <ul>
          {children.map((c) => (
            <UnitNode key={c.id} unit={c} token={token} canEdit={canEdit} onDeleted={() => void loadChildren()} />
          ))}
        </ul>
      )}
    </li>
  );
}
