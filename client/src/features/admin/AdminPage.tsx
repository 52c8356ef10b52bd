import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../base';
import { OrgAdmin } from '../org';
import { StaffGate } from '../reports';

/** Administration: sign in (admin or host), then the organisation, sessions and imports. */
export function AdminPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('areas.admin.title')} — ${t('app.name')}`);
  return (
    <section className="area-page area-page--admin" aria-labelledby="admin-title">
      <h1 id="admin-title">{t('areas.admin.title')}</h1>
      <StaffGate>
        {(staff, signOut) => (
          <>
            <p>
              {staff.identity.displayName}{' '}
              <button type="button" className="button button--quiet" onClick={signOut}>
                {t('checkin.member.signOut')}
              </button>
            </p>
            <OrgAdmin token={staff.token} role={staff.identity.role} />
          </>
        )}
      </StaffGate>
    </section>
  );
}
