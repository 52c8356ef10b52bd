import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { AreaId } from './areas';
import { useDocumentTitle } from './useDocumentTitle';

/** Temporary page body for an area that is not built yet: its title and what it will do. */
export function AreaPlaceholder({ area }: { area: AreaId }) {
  const { t } = useTranslation();
  const title = t(`areas.${area}.title`);
  useDocumentTitle(`${title} — ${t('app.name')}`);

  return (
    <section className={`area-page area-page--${area}`} aria-labelledby="area-title">
      <h1 id="area-title">{title}</h1>
      <p className="area-page__description">{t(`areas.${area}.description`)}</p>
      <p className="notice">{t('placeholder.underConstruction')}</p>
      <Link className="button" to="/">
        {t('app.backHome')}
      </Link>
    </section>
  );
}
