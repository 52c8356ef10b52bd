import type { Distribution } from '@diem-cau/shared';
import type { Database } from '../../store/database.js';
import { answerCountsByKey } from './quizStore.js';
import type { RunState } from './runState.js';

/** Counts of the stored answers (members and teams) of a run; `correct` only once revealed. */
export async function runDistribution(db: Database, run: RunState): Promise<Distribution> {
  const { members, teams } = await answerCountsByKey(db, run.id);
  const optionCount = run.question.type === 'true_false' ? 2 : run.question.options.length;
  const options = Array.from({ length: run.question.type === 'short' ? 0 : optionCount }, () => 0);
  const texts = new Map<string, number>();
  let total = 0;
  let right = 0;
  for (const r of [...members, ...teams]) {
    const n = Number(r.n);
    total += n;
    right += Number(r.right);
    if (run.question.type === 'short') texts.set(r.answer_key, (texts.get(r.answer_key) ?? 0) + n);
    else
      for (const i of r.answer_key.split(',').map(Number)) if (i < options.length) options[i] = (options[i] ?? 0) + n;
  }
  return {
    runId: run.id,
    type: run.question.type,
    total,
    members: members.reduce((s, r) => s + Number(r.n), 0),
    teams: teams.reduce((s, r) => s + Number(r.n), 0),
    options,
    texts: [...texts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([text, n]) => ({ text, count: n })),
    correct: run.revealedMs !== null ? right : null,
  };
}
