import { randomUUID } from 'node:crypto';
import type { Question, QuestionInput } from '@diem-cau/shared';
import { sessionService } from '@diem-cau/server/src/domain/sessions/index.js';
import { api, buildOrgFixture, loginToken, type OrgFixture } from './orgFixture.js';
import type { TestApp } from './testApp.js';

export interface QuizMember {
  id: string;
  token: string;
  endpointId: string;
}

export interface QuizFixture {
  org: OrgFixture;
  sessionId: string;
  hostToken: string;
  otherHostToken: string;
  /** Endpoint tokens (a1 and b1 are invited to the session). */
  endpointTokens: { a1: string; b1: string };
}

/** The org fixture's first session, made live, with tokens for its host and endpoints. */
export async function buildQuizFixture(t: TestApp): Promise<QuizFixture> {
  const org = await buildOrgFixture(t);
  await sessionService(t.app.ctx).start({ subject: org.host.id, role: 'host' }, org.sessionId);
  const hostToken = await loginToken(t, '/auth/login', { username: org.host.username, password: org.host.password });
  const otherHostToken = await loginToken(t, '/auth/login', {
    username: org.otherHost.username,
    password: org.otherHost.password,
  });
  const endpointTokens = {
    a1: await loginToken(t, '/auth/endpoint', { endpointKey: org.keys.a1, sessionId: org.sessionId }),
    b1: await loginToken(t, '/auth/endpoint', { endpointKey: org.keys.b1, sessionId: org.sessionId }),
  };
  return { org, sessionId: org.sessionId, hostToken, otherHostToken, endpointTokens };
}

/**
 * Adds `count` synthetic members to the fixture's cell, checks them in (open check-in rows, as the
 * attendance domain writes them; `checkedInAt`/`checkedOutAt` place the stay) at the given endpoints
 * in turn, and signs session-bound tokens.
 */
export async function addCheckedInMembers(
  t: TestApp,
  f: QuizFixture,
  count: number,
  endpointIds: string[],
  options: { checkIn?: boolean; checkedInAt?: string; checkedOutAt?: string } = {},
): Promise<QuizMember[]> {
  const db = t.app.db;
  const cell = await db
    .selectFrom('members')
    .select('cell_id')
    .where('id', '=', f.org.member.id)
    .executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const members: QuizMember[] = [];
  const tag = randomUUID().slice(0, 6);
  for (let i = 0; i < count; i++)
    members.push({ id: randomUUID(), token: '', endpointId: endpointIds[i % endpointIds.length]! });
  for (let i = 0; i < members.length; i += 200) {
    const chunk = members.slice(i, i + 200);
    await db
      .insertInto('members')
      .values(
        chunk.map((m, j) => ({
          id: m.id,
          cell_id: cell.cell_id,
          full_name: `Đảng viên ${i + j + 1}`,
          member_number: `Q${tag}${i + j}`,
          gender: 'female' as const,
          birth_year: 1985,
          phone: null,
          joined_on: null,
          pin_hash: null,
          synthetic: 1,
          created_at: now,
        })),
      )
      .execute();
    if (options.checkIn !== false) {
      await db
        .insertInto('checkins')
        .values(
          chunk.map((m) => ({
            id: randomUUID(),
            session_id: f.sessionId,
            member_id: m.id,
            endpoint_id: m.endpointId,
            checked_in_at: options.checkedInAt ?? now,
            checked_out_at: options.checkedOutAt ?? null,
            checkout_reason: options.checkedOutAt ? ('left' as const) : null,
          })),
        )
        .execute();
    }
  }
  for (const m of members) m.token = await t.app.tokens.sign({ subject: m.id, role: 'member', sessionId: f.sessionId });
  return members;
}

export async function createQuestion(t: TestApp, f: QuizFixture, input: QuestionInput): Promise<Question> {
  const res = await api<Question>(t, 'POST', `/quiz/sessions/${f.sessionId}/questions`, input, f.hostToken);
  if (res.status !== 201) throw new Error(`create question answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}
