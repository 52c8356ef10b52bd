import { randomUUID } from 'node:crypto';
import type { AuthResponse, IssuedPin, Member, OrgUnit } from '@diem-cau/shared';
import { accountService } from '@diem-cau/server/src/domain/accounts/index.js';
import { api } from './http.js';
import { connectSocket, type TestSocket } from './socketClient.js';
import type { TestApp } from './testApp.js';

/** A member in the hall: signed in with the PIN from the slip, joined, checked in with the TV's code. */
export interface HallMember {
  id: string;
  memberNumber: string;
  endpointId: string;
  socket: TestSocket;
}

/** A new admin account signed in over REST: its credentials (for a browser) and its token. */
export async function adminLogin(t: TestApp): Promise<{ username: string; password: string; token: string }> {
  const login = { username: `admin-${randomUUID().slice(0, 8)}`, password: `pw-${randomUUID()}` };
  await accountService(t.app.ctx).create({ ...login, displayName: 'Quản trị', role: 'admin' });
  const res = await api<AuthResponse>(t.url, 'POST', '/api/auth/login', undefined, login);
  if (res.status !== 200) throw new Error(`admin login answered ${res.status}`);
  return { ...login, token: res.body.token };
}

/** An admin account signed in through the real login route. */
export async function adminToken(t: TestApp): Promise<string> {
  return (await adminLogin(t)).token;
}

/**
 * Creates `count` members of a new cell of `communeId` through the admin REST routes, issues each a
 * PIN, and brings them into the hall the way phones do: PIN sign-in, socket, `session:join`, and
 * `checkin:submit` with the code `codeOf(endpointId)` reads off that endpoint's screen. Members are
 * spread over `endpointIds` in turn.
 */
export async function bringMembersIn(
  t: Pick<TestApp, 'url'>,
  options: {
    admin: string;
    sessionId: string;
    communeId: string;
    endpointIds: string[];
    count: number;
    codeOf: (endpointId: string) => Promise<string>;
  },
): Promise<HallMember[]> {
  const tag = randomUUID().slice(0, 6);
  const cell = await api<OrgUnit>(t.url, 'POST', '/api/org/units', options.admin, {
    parentId: options.communeId,
    kind: 'cell',
    name: `Chi bộ ${tag}`,
    code: `CB-${tag}`,
  });
  if (cell.status !== 201) throw new Error(`create cell answered ${cell.status}: ${JSON.stringify(cell.body)}`);
  const members: HallMember[] = [];
  for (let i = 0; i < options.count; i++) {
    const created = await api<Member>(t.url, 'POST', '/api/org/members', options.admin, {
      cellId: cell.body.id,
      fullName: `Đảng viên ${i + 1}`,
      memberNumber: `H${tag}${i}`,
      gender: i % 2 ? 'male' : 'female',
      birthYear: 1980,
    });
    if (created.status !== 201) throw new Error(`create member answered ${created.status}`);
    const pin = await api<IssuedPin>(t.url, 'POST', `/api/org/members/${created.body.id}/pin`, options.admin);
    if (pin.status !== 200) throw new Error(`issue PIN answered ${pin.status}`);
    const login = await api<AuthResponse>(t.url, 'POST', '/api/auth/member', undefined, {
      memberNumber: created.body.memberNumber,
      pin: pin.body.pin,
      sessionId: options.sessionId,
    });
    if (login.status !== 200) throw new Error(`member sign-in answered ${login.status}`);
    const socket = await connectSocket(t.url, { token: login.body.token });
    const joined = await socket.emitWithAck('session:join', { sessionId: options.sessionId });
    if (!joined.ok) throw new Error(`join refused: ${joined.error.code}`);
    const endpointId = options.endpointIds[i % options.endpointIds.length]!;
    const checkin = await socket.emitWithAck('checkin:submit', { code: await options.codeOf(endpointId) });
    if (!checkin.ok) throw new Error(`check-in refused: ${checkin.error.code}`);
    if (checkin.data.endpointId !== endpointId) throw new Error('checked in at another endpoint than the code shown');
    members.push({ id: created.body.id, memberNumber: created.body.memberNumber, endpointId, socket });
  }
  return members;
}
