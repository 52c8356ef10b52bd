import type { QuestionReportRow } from '@diem-cau/shared';
import type { QuizInput } from './reportInputs.js';

export interface QuizTally {
  answers: number;
  correct: number;
  points: number;
}

export interface QuizFigures {
  questions: QuestionReportRow[];
  byMember: Map<string, QuizTally>;
  byEndpoint: Map<string, QuizTally>;
  teamPointsByEndpoint: Map<string, number>;
  total: QuizTally;
}

const TRUE_FALSE_LABELS = ['Đúng', 'Sai'];

/** Readable label of a canonical answer key ("0,2" → "A. …; C. …"). */
export function answerLabel(key: string, type: string, options: readonly string[]): string {
  if (type === 'short') return key;
  const labels = type === 'true_false' ? TRUE_FALSE_LABELS : options;
  const parts = key.split(',').filter((p) => p !== '');
  if (parts.length === 0) return key;
  return parts
    .map((p) => {
      const i = Number(p);
      const text = Number.isInteger(i) ? labels[i] : undefined;
      return text === undefined ? p : type === 'true_false' ? text : `${String.fromCharCode(65 + i)}. ${text}`;
    })
    .join('; ');
}

function add(map: Map<string, QuizTally>, key: string, correct: boolean, points: number): void {
  const t = map.get(key) ?? { answers: 0, correct: 0, points: 0 };
  t.answers += 1;
  if (correct) t.correct += 1;
  t.points += points;
  map.set(key, t);
}

/**
 * Quiz figures of a session from its stored answers: per question the distribution of answers and
 * the correct rate, and tallies per member and per endpoint (answers are unique per run and member).
 */
export function computeQuizFigures(
  quiz: QuizInput,
  keepMember: (memberId: string) => boolean,
  keepEndpoint: (endpointId: string) => boolean,
): QuizFigures {
  const byMember = new Map<string, QuizTally>();
  const byEndpoint = new Map<string, QuizTally>();
  const teamPointsByEndpoint = new Map<string, number>();
  const total: QuizTally = { answers: 0, correct: 0, points: 0 };
  const perRun = new Map<
    string,
    { answers: number; correct: number; keys: Map<string, { count: number; correct: boolean }> }
  >();

  for (const a of quiz.answers) {
    if (!keepMember(a.memberId)) continue;
    add(byMember, a.memberId, a.correct, a.points);
    add(byEndpoint, a.endpointId, a.correct, a.points);
    total.answers += 1;
    if (a.correct) total.correct += 1;
    total.points += a.points;
    let run = perRun.get(a.runId);
    if (!run) perRun.set(a.runId, (run = { answers: 0, correct: 0, keys: new Map() }));
    run.answers += 1;
    if (a.correct) run.correct += 1;
    const k = run.keys.get(a.answerKey) ?? { count: 0, correct: a.correct };
    k.count += 1;
    run.keys.set(a.answerKey, k);
  }
  for (const t of quiz.teamAnswers) {
    if (!keepEndpoint(t.endpointId)) continue;
    teamPointsByEndpoint.set(t.endpointId, (teamPointsByEndpoint.get(t.endpointId) ?? 0) + t.points);
  }

  const questions = [...quiz.runs]
    .sort((a, b) => a.startedMs - b.startedMs)
    .map((r): QuestionReportRow => {
      const run = perRun.get(r.id);
      const distribution = [...(run?.keys.entries() ?? [])]
        .map(([key, v]) => ({ key, label: answerLabel(key, r.type, r.options), count: v.count, correct: v.correct }))
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
      return {
        runId: r.id,
        questionId: r.questionId,
        position: r.position,
        prompt: r.prompt,
        answers: run?.answers ?? 0,
        correct: run?.correct ?? 0,
        correctRate: run && run.answers > 0 ? run.correct / run.answers : null,
        distribution,
      };
    });
  return { questions, byMember, byEndpoint, teamPointsByEndpoint, total };
}
