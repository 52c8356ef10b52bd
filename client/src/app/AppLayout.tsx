import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { LanguageSwitcher } from '../features/base';

/** Frame shared by every page: a slim top bar (home link, language) and the routed page. */
export function AppLayout() {
  const { t } = useTranslation();
  const isHome = useLocation().pathname === '/';

  return (
    <div className="app">
      <header className="topbar">
        <nav aria-label={t('app.mainNav')}>
          {!isHome && (
            <Link className="topbar__brand" to="/">
              {t('app.name')}
            </Link>
          )}
        </nav>
        <LanguageSwitcher />
      </header>
      <main className="app__main">
        <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
