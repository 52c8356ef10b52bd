import { useTranslation } from 'react-i18next';
import type { Member } from '@diem-cau/shared';

/** One member in the list, with edit, delete, archive and restore actions for admins. */
export function MemberRow({
  member: m,
  canEdit,
  onEdit,
  onDelete,
  onArchive,
  onRestore,
  selected,
  onSelect,
}: {
  member: Member;
  canEdit: boolean;
  onEdit: () => void;
  onDelete: () => void;
  onArchive: () => void;
  onRestore: () => void;
  selected?: boolean;
  onSelect?: (on: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <tr data-testid={`member-row-${m.memberNumber}`} data-archived={m.archivedAt ? 'true' : undefined}>
      {onSelect && (
        <td>
          <input
            type="checkbox"
            aria-label={t('org.pinBatch.select', { name: m.fullName })}
            data-testid={`member-select-${m.memberNumber}`}
            checked={selected ?? false}
            onChange={(e) => onSelect(e.target.checked)}
          />
        </td>
      )}
      <td>
        {m.fullName} {m.synthetic && <small className="org-synthetic">({t('org.members.synthetic')})</small>}
        {m.archivedAt && <small className="org-archived">({t('org.archive.badge')})</small>}
      </td>
      <td>{m.memberNumber}</td>
      <td>{t(`org.genders.${m.gender}`)}</td>
      <td>{m.birthYear}</td>
      <td>{m.phone ?? ''}</td>
      <td>
        {m.cellName}
        {m.communeName ? ` — ${m.communeName}` : ''}
      </td>
      {canEdit && (
        <td className="org-actions">
          <button
            type="button"
            className="link"
            onClick={onEdit}
            aria-label={t('org.members.editTitle', { name: m.fullName })}
          >
            {t('org.common.edit')}
          </button>
          {m.archivedAt ? (
            <button
              type="button"
              className="link"
              onClick={onRestore}
              aria-label={t('org.members.restoreTitle', { name: m.fullName })}
              data-testid={`member-restore-${m.memberNumber}`}
            >
              {t('org.archive.restore')}
            </button>
          ) : (
            <button
              type="button"
              className="link"
              onClick={onArchive}
              aria-label={t('org.members.archiveTitle', { name: m.fullName })}
              data-testid={`member-archive-${m.memberNumber}`}
            >
              {t('org.archive.archive')}
            </button>
          )}
          <button
            type="button"
            className="link link--danger"
            onClick={onDelete}
            aria-label={t('org.members.deleteTitle', { name: m.fullName })}
          >
            {t('org.common.delete')}
          </button>
        </td>
      )}
    </tr>
  );
}
