import { randomUUID } from 'node:crypto';
import type { Identity } from '@diem-cau/shared';
import type { App } from '../../server/src/app.js';
import { accountService } from '@diem-cau/server/src/domain/accounts/index.js';
import { authService } from '@diem-cau/server/src/domain/accounts/index.js';
import { orgService } from '@diem-cau/server/src/domain/org/index.js';
import { sessionService } from '@diem-cau/server/src/domain/sessions/index.js';

export interface JoinFixture {
  sessionId: string;
  host: { subject: string; token: string };
  endpoints: { subject: string; token: string }[];
}

/**
 * A province with one district of `count` communes, each with an endpoint, a host account and a
 * live session inviting every endpoint, built through the platform's own services; endpoint tokens
 * come from the real endpoint login (key + session), as a commune PC gets them. With `start: false`
 * the session stays scheduled (the caller starts it, after settings that must precede going live).
 */
export async function createJoinFixture(
  app: App,
  count: number,
  options: { start?: boolean } = {},
): Promise<JoinFixture> {
  const ctx = app.ctx;
  const tag = randomUUID().slice(0, 8);
  const account = await accountService(ctx).create({
    username: `bench-host-${tag}`,
    displayName: 'Ban Tuyên giáo Tỉnh',
    role: 'host',
    password: `pw-${randomUUID()}`,
  });
  const hostIdentity: Identity = { subject: account.id, role: 'host', displayName: account.displayName };

  const now = new Date().toISOString();
  const provinceId = randomUUID();
  const districtId = randomUUID();
  const communes = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    parent_id: districtId,
    kind: 'commune' as const,
    name: `Xã Đo Tải ${i + 1}`,
    code: `B-${tag}-01-${i + 1}`,
    created_at: now,
  }));
  await app.db
    .insertInto('org_units')
    .values([
      {
        id: provinceId,
        parent_id: null,
        kind: 'province' as const,
        name: 'Tỉnh Đo Tải',
        code: `B-${tag}`,
        created_at: now,
      },
      {
        id: districtId,
        parent_id: provinceId,
        kind: 'district' as const,
        name: 'Huyện Đo Tải',
        code: `B-${tag}-01`,
        created_at: now,
      },
      ...communes,
    ])
    .execute();

  const org = orgService(ctx);
  const sessions = sessionService(ctx);
  const created = [];
  const keys = [];
  for (const c of communes) {
    const endpoint = await org.createEndpoint(c.id, `Điểm cầu ${c.name}`);
    created.push(endpoint);
    keys.push((await org.rotateKey(endpoint.id)).endpointKey);
  }
  const session = await sessions.create(hostIdentity, {
    title: 'Đo tải: học tập, quán triệt Nghị quyết',
    resolution: 'Nghị quyết đo tải',
  });
  await sessions.schedule(hostIdentity, session.id, {
    scheduledStart: new Date(Date.now() + 3600_000).toISOString(),
    scheduledEnd: new Date(Date.now() + 3 * 3600_000).toISOString(),
  });
  await sessions.invite(hostIdentity, session.id, { endpointIds: created.map((e) => e.id) });
  if (options.start !== false) await sessions.start(hostIdentity, session.id);

  const auth = authService(ctx);
  const endpoints = [];
  for (let i = 0; i < count; i++) {
    const login = await auth.endpointLogin(keys[i]!, session.id);
    endpoints.push({ subject: created[i]!.id, token: login.token });
  }
  return {
    sessionId: session.id,
    host: { subject: account.id, token: await app.tokens.sign(hostIdentity) },
    endpoints,
  };
}
