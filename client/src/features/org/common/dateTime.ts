/**
 * Dates for the admin forms, typed the Vietnamese way whatever the browser's locale: "dd/mm/yyyy" and
 * "hh:mm" (24-hour), read in the browser's time zone and sent as ISO UTC strings; shown in vi-VN.
 */

const pad = (n: number): string => String(n).padStart(2, '0');

/** "19/05/2005" (also 19-5-2005, 19.05.2005) → "2005-05-19", or null when not a real date. */
export function viDateToIso(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/** "2005-05-19" → "19/05/2005" ('' for null). */
export function isoDateToVi(iso: string | null): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** "8:00" / "08:30" (24-hour) → minutes after midnight, or null. */
function viTimeToMinutes(text: string): number | null {
  const m = /^\s*(\d{1,2})[:hg.](\d{2})\s*$/i.exec(text);
  if (!m) return null;
  const [h, mi] = [Number(m[1]), Number(m[2])];
  return h < 24 && mi < 60 ? h * 60 + mi : null;
}

/** A date and a time typed the Vietnamese way → ISO UTC (browser's time zone), or null when invalid. */
export function viDateTimeToIso(date: string, time: string): string | null {
  const day = viDateToIso(date);
  const minutes = viTimeToMinutes(time);
  if (!day || minutes === null) return null;
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, mo - 1, d, Math.floor(minutes / 60), minutes % 60).toISOString();
}

/** An ISO timestamp → the "dd/mm/yyyy" and "hh:mm" the form shows (browser's time zone). */
export function isoToViParts(iso: string | null): { date: string; time: string } {
  const d = iso ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return { date: '', time: '' };
  return {
    date: `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
  };
}

/** "08:00 Thứ Bảy, 15/06/2030" in Vietnamese (weekday, date and 24-hour time in the UI language). */
export function formatDateTime(iso: string | null, language: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleString(language === 'en' ? 'en-GB' : 'vi-VN', {
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}
