import { currentLanguage, type Language } from './index';

/** Intl locale per UI language: Vietnamese formats follow vi-VN, English uses en-GB (day/month order). */
const INTL_LOCALES: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

/** Conferences run on Vietnam time; show it regardless of the device's clock settings. */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const DEFAULT_DATE_TIME: Intl.DateTimeFormatOptions = {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
};

export function intlLocale(language: Language = currentLanguage()): string {
  return INTL_LOCALES[language];
}

/** e.g. vi: "23:53 26/11/2025", en: "26/11/2025, 23:53". Returns "—" for an invalid date. */
export function formatDateTime(
  value: Date | number | string,
  options: Intl.DateTimeFormatOptions = {},
  language: Language = currentLanguage(),
): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  const hasFields = Object.keys(options).some((key) => key !== 'timeZone');
  return new Intl.DateTimeFormat(intlLocale(language), {
    timeZone: DEFAULT_TIME_ZONE,
    ...(hasFields ? {} : DEFAULT_DATE_TIME),
    ...options,
  }).format(date);
}

/** e.g. vi: "26.295", en: "26,295". */
export function formatNumber(
  value: number,
  options: Intl.NumberFormatOptions = {},
  language: Language = currentLanguage(),
): string {
  return new Intl.NumberFormat(intlLocale(language), options).format(value);
}
