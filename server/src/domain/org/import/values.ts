import type { Gender, OrgUnitKind } from '@diem-cau/shared';
import { headerKey } from './sheet.js';

/** "Nam" / "Nữ" (and English, M/F) → gender. */
export function parseGender(text: string): Gender | undefined {
  const k = headerKey(text);
  if (['nam', 'male', 'm', 'trai'].includes(k)) return 'male';
  if (['nu', 'female', 'f', 'gai'].includes(k)) return 'female';
  return undefined;
}

export const GENDER_TITLE: Record<Gender, string> = { male: 'Nam', female: 'Nữ' };

const validDate = (y: number, m: number, d: number): string | undefined => {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

/** Dates as offices write them: dd/mm/yyyy (also - or .), or ISO yyyy-mm-dd → YYYY-MM-DD. */
export function parseDate(text: string): string | undefined {
  const t = text.trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m) return validDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return undefined;
}

/** YYYY-MM-DD → dd/mm/yyyy for exports. */
export function formatDate(iso: string | null): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** A birth year, or the year of a full birth date. */
export function parseBirthYear(text: string): number | undefined {
  const t = text.trim();
  const year = /^\d{4}$/.test(t) ? Number(t) : Number(parseDate(t)?.slice(0, 4));
  if (!Number.isInteger(year)) return undefined;
  return year >= 1900 && year <= new Date().getFullYear() - 16 ? year : undefined;
}

/**
 * A Vietnamese phone number (0xxxxxxxxx or +84…), spaces and dots ignored. A number a spreadsheet
 * stored as a number lost its leading 0 (912345678): it is put back.
 */
export function parsePhone(text: string): string | undefined {
  let t = text.replace(/[\s.\-()]/g, '');
  if (/^[1-9]\d{8}$/.test(t)) t = `0${t}`;
  return /^(\+84|0)\d{9,10}$/.test(t) ? t : undefined;
}

export function parseMemberNumber(text: string): string | undefined {
  const t = text.trim();
  return /^[A-Za-z0-9.\-/]{3,32}$/.test(t) ? t : undefined;
}

export function parseKind(text: string): OrgUnitKind | undefined {
  const k = headerKey(text);
  if (['tinh', 'dang bo tinh', 'province', 'cap tinh'].includes(k)) return 'province';
  if (['huyen', 'cap huyen', 'district', 'dang bo huyen', 'quan', 'thi xa', 'thanh pho'].includes(k)) return 'district';
  if (['xa', 'cap xa', 'co so', 'commune', 'dang bo co so', 'phuong', 'thi tran'].includes(k)) return 'commune';
  if (['chi bo', 'cell'].includes(k)) return 'cell';
  return undefined;
}

export const KIND_TITLE: Record<OrgUnitKind, string> = {
  province: 'Tỉnh',
  district: 'Huyện',
  commune: 'Xã',
  cell: 'Chi bộ',
};
