import { randomUUID } from 'node:crypto';
import type { Identity } from '@diem-cau/shared';
import { accountService } from '@diem-cau/server/src/domain/accounts/index.js';
import { authService } from '@diem-cau/server/src/domain/accounts/index.js';
import { orgService } from '@diem-cau/server/src/domain/org/index.js';
import { sessionService } from '@diem-cau/server/src/domain/sessions/index.js';
import type { TestApp } from './testApp.js';

export interface FixtureEndpoint {
  id: string;
  name: string;
  key: string;
  token: string;
}

export interface BroadcastFixture {
  sessionId: string;
  hostIdentity: Identity;
  hostToken: string;
  /** Sign-in of the host account, for the console's login form. */
  hostLogin: { username: string; password: string };
  endpoints: FixtureEndpoint[];
  /** An endpoint of the province that is not invited to the session. */
  outsider: { id: string; key: string };
  memberToken: string;
  /** Starts the session (scheduled → live). */
  start(): Promise<void>;
  end(): Promise<void>;
}

/**
 * A province with one district of `endpointCount` communes, a host account, and a scheduled session
 * inviting every endpoint; tokens come from the real login services.
 */
export async function createBroadcastFixture(
  t: TestApp,
  endpointCount: number,
  options: { districtName?: string } = {},
): Promise<BroadcastFixture> {
  const ctx = t.app.ctx;
  const tag = randomUUID().slice(0, 8);
  const hostLogin = { username: `host-${tag}`, password: `pw-${randomUUID()}` };
  const account = await accountService(ctx).create({ ...hostLogin, displayName: 'Ban Tuyên giáo Tỉnh', role: 'host' });
  const hostIdentity: Identity = { subject: account.id, role: 'host', displayName: account.displayName };
  const hostToken = await t.app.tokens.sign(hostIdentity);

  const now = new Date().toISOString();
  const provinceId = randomUUID();
  const districtId = randomUUID();
  const units = [
    { id: provinceId, parent_id: null, kind: 'province' as const, name: 'Tỉnh Thử', code: `P-${tag}`, created_at: now },
    {
      id: districtId,
      parent_id: provinceId,
      kind: 'district' as const,
      name: options.districtName ?? 'Huyện Đông Hưng',
      code: `P-${tag}-01`,
      created_at: now,
    },
  ];
  const communes = Array.from({ length: endpointCount + 1 }, (_, i) => ({
    id: randomUUID(),
    parent_id: districtId,
    kind: 'commune' as const,
    name: `Xã Số ${i + 1}`,
    code: `P-${tag}-01-${i + 1}`,
    created_at: now,
  }));
  await t.app.db
    .insertInto('org_units')
    .values([...units, ...communes])
    .execute();

  const org = orgService(ctx);
  const sessions = sessionService(ctx);
  const created = await Promise.all(communes.map((c) => org.createEndpoint(c.id, `Điểm cầu ${c.name}`)));
  const keys = await Promise.all(created.map((e) => org.rotateKey(e.id)));

  const start = new Date(Date.now() + 3600_000).toISOString();
  const end = new Date(Date.now() + 3 * 3600_000).toISOString();
  const session = await sessions.create(hostIdentity, {
    title: 'Học tập, quán triệt Nghị quyết Trung ương',
    resolution: 'Nghị quyết số 57-NQ/TW',
  });
  await sessions.schedule(hostIdentity, session.id, { scheduledStart: start, scheduledEnd: end });
  const invitedIds = created.slice(0, endpointCount).map((e) => e.id);
  if (invitedIds.length > 0) await sessions.invite(hostIdentity, session.id, { endpointIds: invitedIds });

  const auth = authService(ctx);
  const endpoints: FixtureEndpoint[] = [];
  for (let i = 0; i < endpointCount; i++) {
    const login = await auth.endpointLogin(keys[i]!.endpointKey, session.id);
    endpoints.push({ id: created[i]!.id, name: created[i]!.name, key: keys[i]!.endpointKey, token: login.token });
  }
  const memberToken = await t.app.tokens.sign({
    subject: randomUUID(),
    role: 'member',
    sessionId: session.id,
    displayName: 'Đảng viên',
  });

  return {
    sessionId: session.id,
    hostIdentity,
    hostToken,
    hostLogin,
    endpoints,
    outsider: { id: created[endpointCount]!.id, key: keys[endpointCount]!.endpointKey },
    memberToken,
    start: async () => void (await sessions.start(hostIdentity, session.id)),
    end: async () => void (await sessions.end(hostIdentity, session.id)),
  };
}
