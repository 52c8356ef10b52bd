/**
 * Dates as the Vietnamese UI writes them: dd/mm/yyyy, whatever the browser's locale.
 * Values travel as ISO days (yyyy-mm-dd); only the text a person reads or types is dd/mm/yyyy.
 */

/** "05/03/2026" (also "5/3/2026", "05-03-2026", "05.03.2026") → "2026-03-05"; null when not a real date. */
export function parseDmy(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2999) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "2026-03-05" → "05/03/2026"; anything else comes back as it was. */
export function formatDmy(isoDay: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDay);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : isoDay;
}

/** A Date shown as dd/mm/yyyy in Vietnam's time zone. */
export function formatDateDmy(date: Date | string, timeZone = 'Asia/Ho_Chi_Minh'): string {
  const d = typeof date === 'string' ? new Date(date) : date;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')}`;
}
