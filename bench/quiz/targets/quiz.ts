import type { Socket } from 'socket.io-client';
import type { App } from '../../../server/src/app.js';
import { quizDomain } from '@diem-cau/server/src/domain/quiz/index.js';
import { hostIdentity, listOf, prepareHall, QUIZ_OPTIONS } from '../../lib/hallSetup.js';
import type { Target } from '../target.js';

const ROUNDS = 16;

interface AckShape {
  ok: boolean;
  error?: { code: string };
}

/** Runs launched by this node process (the node that asks also counts what was stored). */
const runs = new Map<number, string>();

/**
 * The real quiz (issue 5) in a hall as it is run: a live session with the given endpoints, members
 * enrolled through the admin routes with PIN slips, who sign in over REST, join and check in with
 * the code on their endpoint's screen (the harness does that, see memberProcess.ts); the host
 * launches a question (`LiveQuiz.launch`, which pushes `quiz:question` endpoint room by endpoint
 * room to the screens and the checked-in phones), each member answers with `quiz:answer` and waits
 * for the acknowledgement, which comes after the answer is stored. Stored = rows in quiz_answers
 * for the run.
 */
export const quizTarget: Target = {
  name: 'quiz',
  description:
    'PIN sign-in, session:join, checkin:submit with the screen code; quiz:launch → quiz:question; quiz:answer acknowledged after it is stored',
  credentials: 'pin',
  client: {
    questionEvent: 'quiz:question',
    answerEvent: 'quiz:answer',
    // A member joining while the previous round's question is still open is sent that question; it is
    // not this round's (launched after the load processes were armed, on this machine's clock).
    isAsked: (question, armedAt) => (question as { startedAt: number }).startedAt >= armedAt,
    answerPayload: (question) => ({
      runId: (question as { runId: string }).runId,
      answer: { choice: [Math.floor(Math.random() * QUIZ_OPTIONS.length)] },
    }),
    async join(socket: Socket, context): Promise<void> {
      const ack = (await socket
        .timeout(20_000)
        .emitWithAck('session:join', { sessionId: context.shared.sessionId })) as AckShape;
      if (!ack.ok) throw new Error(ack.error?.code ?? 'JOIN_FAILED');
    },
  },
  server: {
    async prepare(app: App, _members: number, endpoints: number) {
      return { shared: await prepareHall(app, { endpoints, questions: ROUNDS }) };
    },
    identity: () => {
      throw new Error('quiz members sign in with their PIN');
    },
    async ask(app, round, shared) {
      const questionId = listOf(shared, 'questionIds')[round % ROUNDS]!;
      const run = await quizDomain(app.ctx).live.launch(hostIdentity(shared), shared.sessionId!, questionId);
      runs.set(round, run.runId);
    },
    async storedAnswers(app, round) {
      const runId = runs.get(round);
      if (!runId) return 0;
      const row = await app.db
        .selectFrom('quiz_answers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('run_id', '=', runId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  },
};
