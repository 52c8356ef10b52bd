import { describe, expect, it } from 'vitest';
import { formatDateDmy, formatDmy, parseDmy } from './dates';

describe('dd/mm/yyyy dates', () => {
  it('parses dd/mm/yyyy into an ISO day', () => {
    expect(parseDmy('05/03/2026')).toBe('2026-03-05');
    expect(parseDmy('5/3/2026')).toBe('2026-03-05');
    expect(parseDmy(' 31-12-2025 ')).toBe('2025-12-31');
    expect(parseDmy('29/02/2024')).toBe('2024-02-29');
  });
  it('refuses what is not a real date or not day-first', () => {
    expect(parseDmy('29/02/2025')).toBeNull();
    expect(parseDmy('31/04/2026')).toBeNull();
    expect(parseDmy('13/13/2026')).toBeNull();
    expect(parseDmy('00/01/2026')).toBeNull();
    expect(parseDmy('2026-03-05')).toBeNull();
    expect(parseDmy('05/03/26')).toBeNull();
    expect(parseDmy('')).toBeNull();
  });
  it('formats ISO days and instants as dd/mm/yyyy', () => {
    expect(formatDmy('2026-03-05')).toBe('05/03/2026');
    expect(formatDmy(parseDmy('1/2/2026')!)).toBe('01/02/2026');
    // 20:00 UTC on 4 March is 5 March in Hanoi.
    expect(formatDateDmy('2026-03-04T20:00:00Z')).toBe('05/03/2026');
  });
});
