import { describe, expect, it } from 'vitest';
import { foldText } from './textFold.js';

describe('foldText', () => {
  it('drops Vietnamese tones and marks, đ and case', () => {
    expect(foldText('Nguyễn Thị Đào')).toBe('nguyen thi dao');
    expect(foldText('HƯNG HÀ')).toBe('hung ha');
    expect(foldText('Quỳnh Phụ')).toBe('quynh phu');
  });
});
