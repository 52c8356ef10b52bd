import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EndpointsList } from './EndpointsList';
import { ImportExport } from './ImportExport';
import { MembersList } from './MembersList';
import { SessionsAdmin } from './SessionsAdmin';
import { UnitsTree } from './UnitsTree';
import './org.css';

const TABS = ['sessions', 'units', 'endpoints', 'members', 'import'] as const;
type Tab = (typeof TABS)[number];

/** Administration of the organisation and of sessions, for a signed-in admin (or host: sessions). */
export function OrgAdmin({ token, role }: { token: string; role: string }) {
  const { t } = useTranslation();
  const tabs = role === 'admin' ? TABS : (['sessions', 'units', 'members'] as const);
  const [tab, setTab] = useState<Tab>('sessions');
  return (
    <div className="org-admin" data-testid="org-admin">
      <nav className="org-tabs" role="tablist">
        {tabs.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            className={tab === id ? 'button' : 'button button--quiet'}
            onClick={() => setTab(id)}
          >
            {t(`org.tabs.${id}`)}
          </button>
        ))}
      </nav>
      {tab === 'sessions' && <SessionsAdmin token={token} />}
      {tab === 'units' && <UnitsTree token={token} canEdit={role === 'admin'} />}
      {tab === 'endpoints' && <EndpointsList token={token} />}
      {tab === 'members' && <MembersList token={token} canEdit={role === 'admin'} />}
      {tab === 'import' && <ImportExport token={token} />}
    </div>
  );
}
