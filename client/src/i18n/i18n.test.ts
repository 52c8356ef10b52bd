import { describe, expect, it } from 'vitest';
import { DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, changeLanguage, currentLanguage, i18n } from './index';
import en from './locales/en.json';
import vi from './locales/vi.json';

/** Dotted paths of every leaf string, e.g. "areas.host.title". */
function leafKeys(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => leafKeys(value, prefix ? `${prefix}.${key}` : key));
}

function leafValues(node: unknown): unknown[] {
  if (typeof node !== 'object' || node === null) return [node];
  return Object.values(node).flatMap(leafValues);
}

describe('i18n resources', () => {
  it('vi and en define exactly the same keys', () => {
    expect(leafKeys(en).sort()).toEqual(leafKeys(vi).sort());
  });

  it('every value is a non-empty string', () => {
    for (const value of [...leafValues(vi), ...leafValues(en)]) {
      expect(typeof value === 'string' && value.trim().length > 0).toBe(true);
    }
  });
});

describe('i18n setup', () => {
  it('uses Vietnamese by default and as the fallback', () => {
    expect(DEFAULT_LANGUAGE).toBe('vi');
    expect(SUPPORTED_LANGUAGES[0]).toBe('vi');
    expect(i18n.language).toBe('vi');
    expect(currentLanguage()).toBe('vi');
    expect(i18n.options.fallbackLng).toEqual(['vi']);
    expect(i18n.t('app.tagline')).toBe('Hội nghị trực tuyến học tập, quán triệt nghị quyết');
  });

  it('switches to English and back', async () => {
    await changeLanguage('en');
    expect(currentLanguage()).toBe('en');
    expect(i18n.t('areas.admin.title')).toBe('Administration & reports');
    await changeLanguage('vi');
    expect(i18n.t('areas.admin.title')).toBe('Quản trị & báo cáo');
  });
});
