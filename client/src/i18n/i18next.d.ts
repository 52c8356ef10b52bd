// Types t() keys against the Vietnamese resources, so a missing or misspelt key fails `tsc`.
import 'i18next';
import type vi from './locales/vi.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi };
  }
}
