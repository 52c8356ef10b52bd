import type { Answer, QuestionData } from '@diem-cau/shared';
import { quizErrors } from './errors.js';
import { matchesAccepted, normalizeAnswer } from './normalize.js';

/*
 * Scoring (also in docs/QUIZ_SCORING.md). Accuracy always outranks speed.
 *
 * One live answer, to a question with time limit L (seconds, as written in the bank; extending a
 * question's deadline does not change L), received E ms after the question was launched:
 *   speed  = clamp(1 − E / (1000·L), 0, 1), kept as an integer per mille (0…1000)
 *   points = correct ? BASE + round(MAX_BONUS · speed) : 0          BASE = 1000, MAX_BONUS = 999
 *
 * A total over several answers (member, endpoint team, or make-up attempt):
 *   score = BASE · (number correct) + round(MAX_BONUS · mean speed of the correct answers)
 * The bonus part is below BASE, so one more correct answer always beats any speed: the total is
 * NOT the sum of the per-answer points (that sum would let speed outweigh a correct answer).
 * Wrong and missing answers earn nothing; there is no penalty.
 *
 * Make-up quiz (self-paced): speed is not measured, so speed = 0 and score = BASE · correct.
 * Endpoint: the mean of the scores of the members checked in there (a member who did not answer
 * scores 0), or, when no member checked in there, the score of its team answers.
 * District: the mean of the scores of its endpoints that took part.
 */
export const BASE_POINTS = 1000;
export const MAX_SPEED_BONUS = 999;

/** Per mille of the time limit left when the answer arrived (0 when late or after an extension). */
export function speedPermille(elapsedMs: number, timeLimitS: number): number {
  const limitMs = timeLimitS * 1000;
  if (limitMs <= 0) return 0;
  const fraction = 1 - Math.max(0, elapsedMs) / limitMs;
  return Math.round(Math.min(1, Math.max(0, fraction)) * 1000);
}

export function answerPoints(correct: boolean, speed: number): number {
  return correct ? BASE_POINTS + Math.round((MAX_SPEED_BONUS * speed) / 1000) : 0;
}

/** Total of several answers: per-answer `correct` and `speed` (per mille). */
export function totalScore(answers: ReadonlyArray<{ correct: boolean; speed: number }>): number {
  const right = answers.filter((a) => a.correct);
  if (right.length === 0) return 0;
  const meanSpeed = right.reduce((sum, a) => sum + a.speed, 0) / right.length;
  return BASE_POINTS * right.length + Math.round((MAX_SPEED_BONUS * meanSpeed) / 1000);
}

/** The same total from aggregates (count of correct answers and the sum of their speeds). */
export function totalFromAggregates(correctCount: number, correctSpeedSum: number): number {
  if (correctCount <= 0) return 0;
  return BASE_POINTS * correctCount + Math.round((MAX_SPEED_BONUS * (correctSpeedSum / correctCount)) / 1000);
}

/**
 * Checks an answer fits the question (choice for choice questions within its options, text for
 * short answers) and returns it in canonical form: option indexes sorted and unique.
 */
export function canonicalAnswer(question: Pick<QuestionData, 'type' | 'options'>, answer: Answer): Answer {
  if (question.type === 'short') {
    if (!('text' in answer)) throw quizErrors.textExpected();
    return { text: answer.text.trim() };
  }
  if (!('choice' in answer)) throw quizErrors.choiceExpected();
  const optionCount = question.type === 'true_false' ? 2 : question.options.length;
  const choice = [...new Set(answer.choice)].sort((a, b) => a - b);
  if (choice.some((i) => i >= optionCount)) throw quizErrors.noSuchOption(optionCount);
  if (question.type !== 'multiple' && choice.length !== 1) throw quizErrors.chooseOne();
  return { choice };
}

/** Whether a canonical answer is right. Multiple choice: exactly the set of correct options. */
export function isCorrect(question: Pick<QuestionData, 'type' | 'correct' | 'accepted'>, answer: Answer): boolean {
  if ('text' in answer) return question.type === 'short' && matchesAccepted(answer.text, question.accepted);
  if (question.type === 'short') return false;
  const want = [...new Set(question.correct)].sort((a, b) => a - b);
  return want.length === answer.choice.length && want.every((v, i) => v === answer.choice[i]);
}

/** Key under which an answer is counted in the distribution. */
export function answerKey(answer: Answer): string {
  return 'text' in answer ? normalizeAnswer(answer.text) : answer.choice.join(',');
}
