import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/AppError.js';
import {
  BASE_POINTS,
  MAX_SPEED_BONUS,
  answerKey,
  answerPoints,
  canonicalAnswer,
  isCorrect,
  speedPermille,
  totalFromAggregates,
  totalScore,
} from './scoring.js';

describe('speed and points', () => {
  it('scales the bonus with the time left, clamped to the time limit', () => {
    expect(speedPermille(0, 30)).toBe(1000);
    expect(speedPermille(15_000, 30)).toBe(500);
    expect(speedPermille(30_000, 30)).toBe(0);
    expect(speedPermille(45_000, 30)).toBe(0); // answered after an extension
    expect(speedPermille(-20, 30)).toBe(1000); // clock jitter never exceeds the bound
  });

  it('gives a correct answer the base plus a bounded bonus, a wrong one nothing', () => {
    expect(answerPoints(true, 1000)).toBe(BASE_POINTS + MAX_SPEED_BONUS);
    expect(answerPoints(true, 500)).toBe(BASE_POINTS + 500);
    expect(answerPoints(true, 0)).toBe(BASE_POINTS);
    expect(answerPoints(false, 1000)).toBe(0);
  });
});

describe('totals: accuracy always outranks speed', () => {
  it('one more correct answer beats any speed', () => {
    for (const n of [1, 2, 5, 20, 100]) {
      const fastButOneWrong = totalScore([
        ...Array.from({ length: n }, () => ({ correct: true, speed: 1000 })),
        { correct: false, speed: 1000 },
      ]);
      const slowButAllRight = totalScore(Array.from({ length: n + 1 }, () => ({ correct: true, speed: 0 })));
      expect(slowButAllRight).toBeGreaterThan(fastButOneWrong);
    }
  });

  it('between equally accurate players the faster one wins', () => {
    const fast = totalScore([
      { correct: true, speed: 900 },
      { correct: true, speed: 800 },
    ]);
    const slow = totalScore([
      { correct: true, speed: 300 },
      { correct: true, speed: 200 },
    ]);
    expect(fast).toBeGreaterThan(slow);
    expect(fast).toBe(2 * BASE_POINTS + Math.round(MAX_SPEED_BONUS * 0.85));
  });

  it('for a single answer the total equals its points, and aggregates give the same total', () => {
    expect(totalScore([{ correct: true, speed: 640 }])).toBe(answerPoints(true, 640));
    expect(totalScore([])).toBe(0);
    expect(totalScore([{ correct: false, speed: 900 }])).toBe(0);
    expect(totalFromAggregates(3, 900 + 450 + 0)).toBe(
      totalScore([
        { correct: true, speed: 900 },
        { correct: true, speed: 450 },
        { correct: true, speed: 0 },
      ]),
    );
  });
});

describe('answers', () => {
  const single = { type: 'single' as const, options: ['a', 'b', 'c'], correct: [1], accepted: [] };
  const multiple = { type: 'multiple' as const, options: ['a', 'b', 'c', 'd'], correct: [3, 0], accepted: [] };
  const trueFalse = { type: 'true_false' as const, options: [], correct: [1], accepted: [] };
  const short = { type: 'short' as const, options: [], correct: [], accepted: ['Hồ Chí Minh'] };

  it('judges single, multiple, true/false and short answers', () => {
    expect(isCorrect(single, canonicalAnswer(single, { choice: [1] }))).toBe(true);
    expect(isCorrect(single, canonicalAnswer(single, { choice: [2] }))).toBe(false);
    expect(isCorrect(multiple, canonicalAnswer(multiple, { choice: [3, 0] }))).toBe(true);
    expect(isCorrect(multiple, canonicalAnswer(multiple, { choice: [0] }))).toBe(false);
    expect(isCorrect(multiple, canonicalAnswer(multiple, { choice: [0, 1, 3] }))).toBe(false);
    expect(isCorrect(trueFalse, canonicalAnswer(trueFalse, { choice: [1] }))).toBe(true);
    expect(isCorrect(trueFalse, canonicalAnswer(trueFalse, { choice: [0] }))).toBe(false);
    expect(isCorrect(short, canonicalAnswer(short, { text: ' ho chi  MINH ' }))).toBe(true);
    expect(isCorrect(short, canonicalAnswer(short, { text: 'Tôn Đức Thắng' }))).toBe(false);
  });

  it('canonicalises choices and refuses answers that do not fit the question', () => {
    expect(canonicalAnswer(multiple, { choice: [3, 0, 3] })).toEqual({ choice: [0, 3] });
    expect(answerKey({ choice: [0, 3] })).toBe('0,3');
    expect(answerKey({ text: 'Hồ  Chí Minh' })).toBe('ho chi minh');
    expect(() => canonicalAnswer(single, { choice: [0, 1] })).toThrow(AppError);
    expect(() => canonicalAnswer(single, { choice: [3] })).toThrow(AppError);
    expect(() => canonicalAnswer(trueFalse, { choice: [2] })).toThrow(AppError);
    expect(() => canonicalAnswer(short, { choice: [0] })).toThrow(AppError);
    expect(() => canonicalAnswer(single, { text: 'b' })).toThrow(AppError);
  });
});
