import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../base';
import { OrgAdmin } from '../org';
import { ReportsDashboard, StaffGate } from '../reports';
import { WebhooksAdmin } from '../webhooks';
import { AuditLogPanel } from '../audit';
import { RecordingStoragePanel } from './RecordingStoragePanel';

type AdminTab = 'reports' | 'org' | 'recordings' | 'webhooks' | 'audit';

/** Administration: sign in (admin or host), then reports, the organisation and sessions, webhooks, the audit log. */
export function AdminPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<AdminTab>('reports');
  useDocumentTitle(`${t('areas.admin.title')} — ${t('app.name')}`);
  return (
    <section className="area-page area-page--admin" aria-labelledby="admin-title">
      <h1 id="admin-title">{t('areas.admin.title')}</h1>
      <StaffGate>
        {(staff, signOut) => {
          const tabs: AdminTab[] =
            staff.identity.role === 'admin'
              ? ['reports', 'org', 'recordings', 'webhooks', 'audit']
              : ['reports', 'org'];
          const current = tabs.includes(tab) ? tab : 'reports';
          return (
            <>
              <p>
                {staff.identity.displayName}{' '}
                <button type="button" className="button button--quiet" onClick={signOut}>
                  {t('checkin.member.signOut')}
                </button>
              </p>
              <div role="tablist" aria-label={t('adminTabs.label')} className="admin-tabs">
                {tabs.map((name) => (
                  <button
                    key={name}
                    type="button"
                    role="tab"
                    aria-selected={current === name}
                    className={current === name ? 'button' : 'button button--quiet'}
                    onClick={() => setTab(name)}
                  >
                    {name === 'recordings' ? t('recording.admin.tab') : t(`adminTabs.${name}`)}
                  </button>
                ))}
              </div>
              <div role="tabpanel">
                {current === 'reports' && <ReportsDashboard token={staff.token} />}
                {current === 'org' && <OrgAdmin token={staff.token} role={staff.identity.role} />}
                {current === 'recordings' && <RecordingStoragePanel token={staff.token} />}
                {current === 'webhooks' && <WebhooksAdmin token={staff.token} />}
                {current === 'audit' && <AuditLogPanel token={staff.token} />}
              </div>
            </>
          );
        }}
      </StaffGate>
    </section>
  );
}
