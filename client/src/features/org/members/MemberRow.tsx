import { useTranslation } from 'react-i18next';
import type { Member } from '@diem-cau/shared';

/** One member in the list, with edit and delete actions for admins. */
export function MemberRow({ member: m, canEdit, onEdit, onDelete }: { member: Member; canEdit: boolean; onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  return (
    <tr data-testid={`member-row-${m.memberNumber}`}>
      <td>
        {m.fullName} {m.synthetic && <small className="org-synthetic">({t('org.members.synthetic')})</small>}
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
          <button type="button" className="link" onClick={onEdit} aria-label={t('org.members.editTitle', { name: m.fullName })}>
            {t('org.common.edit')}
          </button>
          <button type="button" className="link link--danger" onClick={onDelete} aria-label={t('org.members.deleteTitle', { name: m.fullName })}>
            {t('org.common.delete')}
          </button>
        </td>
      )}
    </tr>
  );
}
