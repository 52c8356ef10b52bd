/**
 * Folds Vietnamese text for searching and matching: Unicode NFD, combining marks (tones and vowel
 * marks) stripped, đ/Đ → d, lower case. "Nguyễn Thị Đào" → "nguyen thi dao".
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}
