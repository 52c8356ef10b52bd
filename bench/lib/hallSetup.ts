import { randomUUID } from 'node:crypto';
import type { Identity } from '@diem-cau/shared';
import type { App } from '../../server/src/app.js';
import { accountService } from '@diem-cau/server/src/domain/accounts/index.js';
import { orgService } from '@diem-cau/server/src/domain/org/index.js';
import { quizDomain } from '@diem-cau/server/src/domain/quiz/index.js';
import { sessionService } from '@diem-cau/server/src/domain/sessions/index.js';

export const QUIZ_OPTIONS = ['Đúng một phần', 'Đúng', 'Sai', 'Không rõ'];
const DISTRICTS = 8;

/**
 * What the server half of a hall set-up hands to the bench (IPC carries strings): lists are
 * comma-joined, in endpoint order. Endpoint e sits in commune e, whose one cell is `cellCodes[e]`.
 */
export interface HallShared extends Record<string, string> {
  tag: string;
  sessionId: string;
  hostId: string;
  adminUsername: string;
  adminPassword: string;
  questionIds: string;
  endpointIds: string;
  endpointKeys: string;
  communeIds: string;
  cellCodes: string;
}

export const listOf = (shared: Record<string, string>, key: keyof HallShared): string[] =>
  (shared[key] ?? '').split(',').filter((s) => s !== '');

export const hostIdentity = (shared: Record<string, string>): Identity => ({ subject: shared.hostId!, role: 'host' });

/**
 * A province as its administrators set it up, on the first platform node: host and admin accounts,
 * a province with up to 8 districts and one commune (with one cell and one endpoint with its key)
 * per endpoint, a live session inviting every endpoint, and `questions` quiz questions. Members are
 * not created here: the bench enrols them through the admin routes (enrolMembers.ts).
 */
export async function prepareHall(app: App, o: { endpoints: number; questions: number }): Promise<HallShared> {
  const ctx = app.ctx;
  const tag = randomUUID().slice(0, 8);
  const account = await accountService(ctx).create({
    username: `bench-${tag}-host`,
    displayName: 'Ban Tuyên giáo Tỉnh',
    role: 'host',
    password: `pw-${randomUUID()}`,
  });
  const adminPassword = `pw-${randomUUID()}`;
  const admin = await accountService(ctx).create({
    username: `bench-${tag}-admin`,
    displayName: 'Quản trị tỉnh',
    role: 'admin',
    password: adminPassword,
  });
  const host: Identity = { subject: account.id, role: 'host' };
  const now = new Date().toISOString();
  const unit = (
    parent: string | null,
    kind: 'province' | 'district' | 'commune' | 'cell',
    name: string,
    code: string,
  ) => ({
    id: randomUUID(),
    parent_id: parent,
    kind,
    name,
    code: `B${tag}-${code}`,
    created_at: now,
  });
  const province = unit(null, 'province', 'Tỉnh Đo Tải', 'T');
  const districts = Array.from({ length: Math.min(DISTRICTS, o.endpoints) }, (_, d) =>
    unit(province.id, 'district', `Huyện Đo Tải ${d + 1}`, `H${d + 1}`),
  );
  const communes = Array.from({ length: o.endpoints }, (_, e) =>
    unit(districts[e % districts.length]!.id, 'commune', `Xã Đo Tải ${e + 1}`, `X${e + 1}`),
  );
  const cells = communes.map((c, e) => unit(c.id, 'cell', `Chi bộ Đo Tải ${e + 1}`, `C${e + 1}`));
  const rows = [province, ...districts, ...communes, ...cells];
  for (let i = 0; i < rows.length; i += 500)
    await app.db
      .insertInto('org_units')
      .values(rows.slice(i, i + 500))
      .execute();

  const org = orgService(ctx);
  const endpointIds: string[] = [];
  const endpointKeys: string[] = [];
  for (const [e, commune] of communes.entries()) {
    const endpoint = await org.createEndpoint(commune.id, `Điểm cầu Xã Đo Tải ${e + 1}`);
    endpointIds.push(endpoint.id);
    endpointKeys.push((await org.rotateKey(endpoint.id)).endpointKey);
  }

  const sessions = sessionService(ctx);
  const session = await sessions.create(host, { title: 'Đo tải: hội nghị toàn tỉnh', resolution: 'Nghị quyết đo tải' });
  await sessions.schedule(host, session.id, {
    scheduledStart: new Date(Date.now() + 3600_000).toISOString(),
    scheduledEnd: new Date(Date.now() + 3 * 3600_000).toISOString(),
  });
  await sessions.invite(host, session.id, { endpointIds });
  await sessions.start(host, session.id);

  const quiz = quizDomain(ctx);
  const questionIds: string[] = [];
  for (let r = 0; r < o.questions; r++) {
    const q = await quiz.bank.create({ identity: host, address: null }, session.id, {
      type: 'single',
      prompt: `Câu hỏi đo tải số ${r + 1}`,
      options: QUIZ_OPTIONS,
      correct: [1],
      accepted: [],
      timeLimitS: 600,
      explanation: '',
    });
    questionIds.push(q.id);
  }
  return {
    tag,
    sessionId: session.id,
    hostId: account.id,
    adminUsername: admin.username,
    adminPassword,
    questionIds: questionIds.join(','),
    endpointIds: endpointIds.join(','),
    endpointKeys: endpointKeys.join(','),
    communeIds: communes.map((c) => c.id).join(','),
    cellCodes: cells.map((c) => c.code).join(','),
  };
}
