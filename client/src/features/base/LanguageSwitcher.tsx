import { useTranslation } from 'react-i18next';
import { SUPPORTED_LANGUAGES, changeLanguage, currentLanguage } from '../../i18n';

/** Toggle between the supported languages; each is labelled in its own language. */
export function LanguageSwitcher() {
  const { t } = useTranslation(); // re-renders this component when the language changes
  const active = currentLanguage();

  return (
    <div className="language-switcher" role="group" aria-label={t('language.label')}>
      {SUPPORTED_LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className="language-switcher__option"
          aria-pressed={language === active}
          onClick={() => void changeLanguage(language)}
        >
          {t('language.name', { lng: language })}
        </button>
      ))}
    </div>
  );
}
