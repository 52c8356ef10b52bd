import { describe, expect, it } from 'vitest';
import { formatDateTime, formatNumber, intlLocale } from './format';

// 2025-11-26 16:53 UTC is 23:53 in Vietnam (UTC+7).
const instant = Date.UTC(2025, 10, 26, 16, 53);

describe('format helpers', () => {
  it('maps UI languages to Intl locales', () => {
    expect(intlLocale('vi')).toBe('vi-VN');
    expect(intlLocale('en')).toBe('en-GB');
  });

  it('formats numbers for vi-VN by default and en-GB in English', () => {
    expect(formatNumber(26295)).toBe('26.295');
    expect(formatNumber(1234567.5, {}, 'en')).toBe('1,234,567.5');
  });

  it('formats dates in Vietnam time', () => {
    expect(formatDateTime(instant)).toBe('23:53 26/11/2025');
    expect(formatDateTime(new Date(instant), {}, 'en')).toBe('26/11/2025, 23:53');
    expect(formatDateTime(instant, { dateStyle: 'long' }, 'en')).toBe('26 November 2025');
  });

  it('shows a dash for an invalid date instead of throwing', () => {
    expect(formatDateTime('not a date')).toBe('—');
  });
});
