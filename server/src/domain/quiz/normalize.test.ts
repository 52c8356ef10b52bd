import { describe, expect, it } from 'vitest';
import { matchesAccepted, normalizeAnswer } from './normalize.js';

describe('normalizeAnswer', () => {
  it('strips Vietnamese diacritics, including đ', () => {
    expect(normalizeAnswer('Đảng Cộng sản Việt Nam')).toBe('dang cong san viet nam');
    expect(normalizeAnswer('Nghị quyết')).toBe('nghi quyet');
    expect(normalizeAnswer('ĐỘC LẬP – TỰ DO – HẠNH PHÚC')).toBe('doc lap tu do hanh phuc');
  });

  it('ignores case, spacing and punctuation', () => {
    expect(normalizeAnswer('  Hồ   Chí\tMinh. ')).toBe('ho chi minh');
    expect(normalizeAnswer('2025-2030')).toBe('2025 2030');
  });

  it('treats precomposed and decomposed input alike', () => {
    const decomposed = 'Việt'.normalize('NFD');
    expect(normalizeAnswer(decomposed)).toBe(normalizeAnswer('Việt'.normalize('NFC')));
  });
});

describe('matchesAccepted', () => {
  const accepted = ['Đại hội XIV', 'Đại hội lần thứ 14'];
  it('accepts any accepted answer regardless of case, spacing and diacritics', () => {
    expect(matchesAccepted('dai hoi xiv', accepted)).toBe(true);
    expect(matchesAccepted('ĐẠI  HỘI lần thứ 14', accepted)).toBe(true);
    expect(matchesAccepted('Dai Hoi Lan Thu 14', accepted)).toBe(true);
  });
  it('refuses other answers and blank input', () => {
    expect(matchesAccepted('Đại hội XIII', accepted)).toBe(false);
    expect(matchesAccepted('   ', accepted)).toBe(false);
    expect(matchesAccepted('dai hoi', accepted)).toBe(false);
  });
});
