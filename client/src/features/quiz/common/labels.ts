import type { TFunction } from 'i18next';
import type { QuestionType } from '@diem-cau/shared';

export const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;

/** Labels of a question's choices: its options as "A. …", or Đúng / Sai for true/false. */
export function choiceLabels(t: TFunction, type: QuestionType, options: readonly string[]): string[] {
  if (type === 'true_false') return [t('quiz.trueLabel'), t('quiz.falseLabel')];
  return options.map((o, i) => `${LETTERS[i] ?? i + 1}. ${o}`);
}

/** The correct answer as text (letters, Đúng/Sai, or the accepted short answers). */
export function correctText(
  t: TFunction,
  type: QuestionType,
  correct: readonly number[],
  accepted: readonly string[],
  options: readonly string[],
): string {
  if (type === 'short') return accepted.join(' / ');
  const labels = choiceLabels(t, type, options);
  return correct.map((i) => labels[i] ?? '').join('; ');
}
