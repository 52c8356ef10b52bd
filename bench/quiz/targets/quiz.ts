import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type { Identity } from '@diem-cau/shared';
import type { App } from '../../../server/src/app.js';
import { accountService } from '@diem-cau/server/src/domain/accounts/index.js';
import { orgService } from '@diem-cau/server/src/domain/org/index.js';
import { quizDomain } from '@diem-cau/server/src/domain/quiz/index.js';
import { sessionService } from '@diem-cau/server/src/domain/sessions/index.js';
import type { Target } from '../target.js';

const ROUNDS = 16;
const OPTIONS = ['Đúng một phần', 'Đúng', 'Sai', 'Không rõ'];
const INSERT_CHUNK = 500;
/**
 * Endpoints the members are spread over (member i checks in at endpoint i mod N). Default 1 (the
 * whole audience in one room, the worst case for one emit); a provincial conference has ~100–300
 * commune halls: `BENCH_QUIZ_ENDPOINTS=100 npm run bench:quiz …`.
 */
function endpointCount(): number {
  const n = Number(process.env.BENCH_QUIZ_ENDPOINTS ?? '1');
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : 1;
}

interface AckShape {
  ok: boolean;
  error?: { code: string };
}

/** Runs launched by this node process (the node that asks also counts what was stored). */
const runs = new Map<number, string>();

function memberId(shared: Record<string, string>, i: number): string {
  return `${shared.tag}-m${i}`;
}

function hostIdentity(shared: Record<string, string>): Identity {
  return { subject: shared.hostId!, role: 'host' };
}

/**
 * The real quiz (issue 5): a live session with BENCH_QUIZ_ENDPOINTS endpoints (default 1) and M
 * members checked in there; the host launches a question (`quiz:launch` through LiveQuiz, which
 * pushes `quiz:question` endpoint room by endpoint room to the screens and members' phones), each member answers with `quiz:answer` and waits for the
 * acknowledgement, which comes after the answer is stored. Stored = rows in quiz_answers for the run.
 * Members and check-ins are written straight into the store for speed (the check-in code flow is
 * not what is measured here).
 */
export const quizTarget: Target = {
  name: 'quiz',
  description: 'quiz:launch → quiz:question to checked-in members; quiz:answer acknowledged after it is stored',
  client: {
    questionEvent: 'quiz:question',
    answerEvent: 'quiz:answer',
    // A member joining while the previous round's question is still open is sent that question; it is
    // not this round's (launched after the load processes were armed, on this machine's clock).
    isAsked: (question, armedAt) => (question as { startedAt: number }).startedAt >= armedAt,
    answerPayload: (question) => ({
      runId: (question as { runId: string }).runId,
      answer: { choice: [Math.floor(Math.random() * OPTIONS.length)] },
    }),
    async join(socket: Socket, context): Promise<void> {
      const ack = (await socket
        .timeout(20_000)
        .emitWithAck('session:join', { sessionId: context.shared.sessionId })) as AckShape;
      if (!ack.ok) throw new Error(ack.error?.code ?? 'JOIN_FAILED');
    },
  },
  server: {
    async prepare(app: App, members: number) {
      const ctx = app.ctx;
      const tag = `bench-${randomUUID().slice(0, 8)}`;
      const account = await accountService(ctx).create({
        username: `${tag}-host`,
        displayName: 'Ban Tuyên giáo Tỉnh',
        role: 'host',
        password: `pw-${randomUUID()}`,
      });
      const host: Identity = { subject: account.id, role: 'host' };
      const now = new Date().toISOString();
      const unit = (parent: string | null, kind: 'province' | 'district' | 'commune' | 'cell', name: string) => ({
        id: randomUUID(),
        parent_id: parent,
        kind,
        name,
        code: `${tag}-${kind}`,
        created_at: now,
      });
      const province = unit(null, 'province', 'Tỉnh Đo Tải');
      const district = unit(province.id, 'district', 'Huyện Đo Tải');
      const commune = unit(district.id, 'commune', 'Xã Đo Tải');
      const cell = unit(commune.id, 'cell', 'Chi bộ Đo Tải');
      await app.db.insertInto('org_units').values([province, district, commune, cell]).execute();
      const endpoints: Array<{ id: string }> = [];
      for (let e = 0; e < endpointCount(); e++)
        endpoints.push(await orgService(ctx).createEndpoint(commune.id, `Điểm cầu Đo Tải ${e + 1}`));

      const sessions = sessionService(ctx);
      const session = await sessions.create(host, {
        title: 'Đo tải: trả lời câu hỏi',
        resolution: 'Nghị quyết đo tải',
      });
      await sessions.schedule(host, session.id, {
        scheduledStart: new Date(Date.now() + 3600_000).toISOString(),
        scheduledEnd: new Date(Date.now() + 3 * 3600_000).toISOString(),
      });
      await sessions.invite(host, session.id, { endpointIds: endpoints.map((e) => e.id) });
      await sessions.start(host, session.id);

      const quiz = quizDomain(ctx);
      const questionIds: string[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const q = await quiz.bank.create({ identity: host, address: null }, session.id, {
          type: 'single',
          prompt: `Câu hỏi đo tải số ${r + 1}`,
          options: OPTIONS,
          correct: [1],
          accepted: [],
          timeLimitS: 600,
          explanation: '',
        });
        questionIds.push(q.id);
      }

      const shared = { tag, sessionId: session.id, hostId: account.id, questionIds: questionIds.join(',') };
      for (let from = 0; from < members; from += INSERT_CHUNK) {
        const ids = Array.from({ length: Math.min(INSERT_CHUNK, members - from) }, (_, k) =>
          memberId(shared, from + k),
        );
        await app.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('members')
            .values(
              ids.map((id, k) => ({
                id,
                cell_id: cell.id,
                full_name: `Đảng viên ${from + k + 1}`,
                member_number: id,
                gender: k % 2 ? 'female' : 'male',
                birth_year: 1960 + (k % 45),
                phone: null,
                joined_on: null,
                pin_hash: null,
                synthetic: 1,
                created_at: now,
              })),
            )
            .execute();
          await trx
            .insertInto('checkins')
            .values(
              ids.map((id, k) => ({
                id: randomUUID(),
                session_id: session.id,
                member_id: id,
                endpoint_id: endpoints[(from + k) % endpoints.length]!.id,
                checked_in_at: now,
                checked_out_at: null,
                checkout_reason: null,
              })),
            )
            .execute();
        });
      }
      return { shared };
    },
    identity: (member, shared) => ({ subject: memberId(shared, member), role: 'member', sessionId: shared.sessionId }),
    async ask(app, round, shared) {
      const questionId = shared.questionIds!.split(',')[round % ROUNDS]!;
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
