import { describe, expect, it } from 'vitest';
import { isoDateToVi, isoToViParts, viDateTimeToIso, viDateToIso } from './dateTime';

describe('Vietnamese date and time entry', () => {
  it('reads dd/mm/yyyy dates, refusing impossible ones', () => {
    expect(viDateToIso('19/05/2005')).toBe('2005-05-19');
    expect(viDateToIso('2/9/1945')).toBe('1945-09-02');
    expect(viDateToIso('02-09-1945')).toBe('1945-09-02');
    expect(viDateToIso('31/06/2030')).toBeNull();
    expect(viDateToIso('29/02/2023')).toBeNull();
    expect(viDateToIso('29/02/2024')).toBe('2024-02-29');
    expect(viDateToIso('2005-05-19')).toBeNull();
    expect(viDateToIso('')).toBeNull();
    expect(isoDateToVi('2005-05-19')).toBe('19/05/2005');
    expect(isoDateToVi(null)).toBe('');
  });

  it('combines a date and a 24-hour time in the local time zone, and splits it back', () => {
    const iso = viDateTimeToIso('15/06/2030', '8:05');
    expect(iso).toBe(new Date(2030, 5, 15, 8, 5).toISOString());
    expect(isoToViParts(iso)).toEqual({ date: '15/06/2030', time: '08:05' });
    expect(viDateTimeToIso('15/06/2030', '24:00')).toBeNull();
    expect(viDateTimeToIso('15/06/2030', '8:60')).toBeNull();
    expect(viDateTimeToIso('15/06/2030', '')).toBeNull();
    expect(viDateTimeToIso('', '08:00')).toBeNull();
    expect(isoToViParts(null)).toEqual({ date: '', time: '' });
  });
});
