import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { AreaId } from '../base';

/** A big, whole-card link to one working area. */
export function AreaCard({ area, path }: { area: AreaId; path: string }) {
  const { t } = useTranslation();
  return (
    <Link className={`area-card area-card--${area}`} to={path}>
      <span className="area-card__title">{t(`areas.${area}.title`)}</span>
      <span className="area-card__summary">{t(`areas.${area}.summary`)}</span>
      <span className="area-card__arrow" aria-hidden="true">
        →
      </span>
    </Link>
  );
}
