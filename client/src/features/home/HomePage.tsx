import { useTranslation } from 'react-i18next';
import { AREAS, useDocumentTitle } from '../base';
import { AreaCard } from './AreaCard';

/** Landing page: the product name and one entry card per working area. */
export function HomePage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('app.name')} — ${t('app.tagline')}`);

  return (
    <div className="home">
      <header className="home__hero">
        <h1 className="home__title">{t('app.name')}</h1>
        <p className="home__tagline">{t('app.tagline')}</p>
      </header>
      <nav aria-labelledby="home-areas">
        <h2 id="home-areas" className="home__areas-heading">
          {t('home.chooseArea')}
        </h2>
        <ul className="area-grid">
          {AREAS.map(({ id, path }) => (
            <li key={id}>
              <AreaCard area={id} path={path} />
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
