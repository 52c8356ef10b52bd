import { describe, expect, it } from 'vitest';
import { changeLines, showValue } from './summary';

describe('audit change summary', () => {
  it('shows values briefly', () => {
    expect(showValue(null)).toBe('—');
    expect(showValue('')).toBe('""');
    expect(showValue(3)).toBe('3');
    expect(showValue(['a', 'b'])).toBe('a, b');
    expect(showValue(['a', 'b', 'c', 'd'])).toBe('a, b, c … (4)');
    expect(showValue({ x: 1 })).toBe('{"x":1}');
  });

  it('pairs the fields of before and after', () => {
    expect(changeLines({ phone: null }, { phone: '09' })).toEqual([{ field: 'phone', before: '—', after: '09' }]);
    expect(changeLines(null, { count: 2 })).toEqual([{ field: 'count', after: '2' }]);
    expect(changeLines({ name: 'A' }, null)).toEqual([{ field: 'name', before: 'A' }]);
  });
});
