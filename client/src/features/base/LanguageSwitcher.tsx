import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES, changeLanguage, currentLanguage } from '../../i18n';

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
          // A language that cannot be fetched (offline) leaves the current one.
          onClick={() => void changeLanguage(language).catch(() => undefined)}
        >
          {LANGUAGE_NAMES[language]}
        </button>
      ))}
    </div>
  );
}
