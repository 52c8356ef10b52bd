import { foldText } from '../../store/textFold.js';

/**
 * Text normalisation for short answers, so "Đảng Cộng sản  Việt Nam" matches "dang cong san viet nam":
 * Unicode NFD, combining marks stripped (Vietnamese tones and vowel marks), đ/Đ → d, lower case,
 * punctuation treated as space, runs of whitespace collapsed, trimmed.
 */
export function normalizeAnswer(text: string): string {
  return foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** True when `text` matches one of the accepted answers after normalisation. */
export function matchesAccepted(text: string, accepted: readonly string[]): boolean {
  const given = normalizeAnswer(text);
  if (given === '') return false;
  return accepted.some((a) => normalizeAnswer(a) === given);
}
