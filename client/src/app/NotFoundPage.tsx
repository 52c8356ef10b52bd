import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useDocumentTitle } from '../features/base';

export function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('notFound.title')} — ${t('app.name')}`);

  return (
    <section className="area-page">
      <h1>{t('notFound.title')}</h1>
      <p className="area-page__description">{t('notFound.description')}</p>
      <Link className="button" to="/">
        {t('app.backHome')}
      </Link>
    </section>
  );
}
