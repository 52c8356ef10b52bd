import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import vi from './locales/vi.json';

/** Languages the UI ships with; the first is the default (DESIGN.md: Vietnamese first). */
export const SUPPORTED_LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'vi';

/** Each language named in itself, for the switcher (shown before that language's texts are loaded). */
export const LANGUAGE_NAMES: Record<Language, string> = { vi: 'Tiếng Việt', en: 'English' };

// Vietnamese, the default, is in the main bundle; other languages are chunks of their own, fetched
// when chosen, so a phone on a commune link downloads one language only.
const LOADERS: Partial<Record<Language, () => Promise<{ default: typeof vi }>>> = {
  en: () => import('./locales/en.json'),
};

const STORAGE_KEY = 'diem-cau.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

// localStorage may be missing (Node, tests) or throw (privacy modes); both mean "no preference".
function readStoredLanguage(): Language | undefined {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

function storeLanguage(language: Language): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language);
  } catch {
    // Not persisted; the choice still applies to this page view.
  }
}

function syncDocumentLanguage(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

void i18n.use(initReactI18next).init({
  resources: { [DEFAULT_LANGUAGE]: { translation: vi } },
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: SUPPORTED_LANGUAGES,
  initAsync: false, // Vietnamese is bundled, so it is ready before the first render
  interpolation: { escapeValue: false }, // React already escapes
  showSupportNotice: false,
});

syncDocumentLanguage(i18n.language);
i18n.on('languageChanged', syncDocumentLanguage);

async function loadLanguage(language: Language): Promise<void> {
  const load = LOADERS[language];
  if (!load || i18n.hasResourceBundle(language, 'translation')) return;
  const { default: translation } = await load();
  i18n.addResourceBundle(language, 'translation', translation);
}

/**
 * Resolves when the stored language is loaded and active (at once for Vietnamese); main.tsx renders
 * after it, so an English user never sees a flash of Vietnamese. A failed load leaves Vietnamese.
 */
export const i18nReady: Promise<void> = (async () => {
  const stored = readStoredLanguage();
  if (!stored || stored === DEFAULT_LANGUAGE) return;
  try {
    await loadLanguage(stored);
    await i18n.changeLanguage(stored);
  } catch {
    // Offline or a stale build: the page works in Vietnamese; the switcher can try again.
  }
})();

/** The active UI language, narrowed to one we support. */
export function currentLanguage(): Language {
  const language = i18n.resolvedLanguage;
  return isLanguage(language) ? language : DEFAULT_LANGUAGE;
}

/** Switches the UI language (loading its texts first) and remembers the choice in localStorage. */
export async function changeLanguage(language: Language): Promise<void> {
  await loadLanguage(language);
  storeLanguage(language);
  await i18n.changeLanguage(language);
}

export { i18n };
