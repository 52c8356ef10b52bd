import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quizWorld, type QuizWorld } from '../quiz/quizWorld.test-data.js';
import { RollCallService } from './RollCallService.js';

describe('RollCallService on the real SQLite store', () => {
  let w: QuizWorld;
  let rollCalls: RollCallService;

  beforeEach(async () => {
    w = await quizWorld();
    rollCalls = new RollCallService(w.db, w.ctx.timers, () => undefined);
  });
  afterEach(async () => {
    await w.close();
  });

  it('two starts at the same moment open one roll call; the other is refused', async () => {
    const expected = [{ endpointId: w.endpointId, name: 'Điểm cầu 1' }];
    const results = await Promise.allSettled([
      rollCalls.start(w.sessionId, w.host.subject, 60, expected),
      rollCalls.start(w.sessionId, w.host.subject, 60, expected),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({ code: 'CONFLICT' });
    const rows = await w.db.selectFrom('roll_calls').select('id').where('session_id', '=', w.sessionId).execute();
    expect(rows).toHaveLength(1);
  });
});
