import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceService } from '@diem-cau/server/src/domain/attendance/index.js';
import { loginToken, type OrgFixture } from '../support/orgFixture.js';
import type { TestApp } from '../support/testApp.js';
import { startTwoNodes, type TwoNodes } from '../support/twoNodes.js';

/**
 * A node alive but taken for dead: under the province bench's load a node's lease in Redis lapsed
 * (its renewals timed out) while it still held its screens and phones. The other node swept its
 * intervals and the check-ins at those endpoints closed, so its members' answers were refused as
 * FORBIDDEN. Here the holder's lease is taken from Redis by hand while it runs; once its lease is
 * back, its next heartbeat opens the screen's interval and the member's check-in again (what the
 * quiz looks for before it takes an answer).
 */
describe('a node taken for dead while alive', () => {
  let nodes: TwoNodes;
  let sweeper: TestApp;
  let holder: TestApp;
  let f: OrgFixture;
  const joinOn = (t: TestApp, token: string) => nodes.joinOn(t, token);

  const intervals = () =>
    sweeper.app.db
      .selectFrom('attendance_intervals')
      .select(['ended_at', 'close_reason', 'node_id'])
      .where('session_id', '=', f.sessionId)
      .where('endpoint_id', '=', f.endpoints.a1)
      .orderBy('started_at')
      .execute();
  const checkins = () =>
    sweeper.app.db
      .selectFrom('checkins')
      .select(['endpoint_id', 'checked_out_at', 'checkout_reason'])
      .where('session_id', '=', f.sessionId)
      .where('member_id', '=', f.member.id)
      .orderBy('checked_in_at')
      .execute();

  beforeAll(async () => {
    nodes = await startTwoNodes(1);
    ({ sweeper, holder, f } = nodes);
  });
  afterAll(() => nodes?.close());

  it('opens its screen interval and its members check-ins again once its lease is back', async () => {
    const endpointToken = await loginToken(holder, '/auth/endpoint', {
      endpointKey: f.keys.a1,
      sessionId: f.sessionId,
    });
    const screen = await joinOn(holder, endpointToken);
    const member = await joinOn(
      holder,
      await loginToken(holder, '/auth/member', {
        memberNumber: f.member.memberNumber,
        pin: f.member.pin,
        sessionId: f.sessionId,
      }),
    );
    const shown = await screen.emitWithAck('checkin:currentCode', {});
    if (!shown.ok) throw new Error(`no code: ${shown.error.code}`);
    expect(await member.emitWithAck('checkin:submit', { code: shown.data.code })).toMatchObject({ ok: true });

    // The holder's lease lapses while it runs (as when its renewals time out), and the sweeper sweeps
    // at once (the holder renews every 2 s: should it renew in between, this is tried again).
    const { ctx } = holder.app;
    for (let i = 0; i < 3 && (await checkins()).at(-1)?.checkout_reason !== 'server_restart'; i++) {
      await ctx.redis.main.zrem(ctx.node.leaseKey, ctx.node.id);
      await attendanceService(sweeper.app.ctx).sweep();
    }
    expect((await checkins()).at(-1)).toMatchObject({ endpoint_id: f.endpoints.a1, checkout_reason: 'server_restart' });
    expect((await intervals())[0]).toMatchObject({ close_reason: 'server_restart' });

    // The holder renews its lease (every 2 s) and, on its next heartbeat, takes its hall back.
    await expect
      .poll(async () => (await checkins()).at(-1)?.checked_out_at, { timeout: 8_000, interval: 100 })
      .toBeNull();
    const after = await intervals();
    expect(after).toHaveLength(2);
    expect(after[1]).toMatchObject({ ended_at: null, close_reason: null, node_id: ctx.node.id });
    expect((await checkins()).at(-1)).toMatchObject({ endpoint_id: f.endpoints.a1, checked_out_at: null });
    // The sweeper does not close it again: the holder's lease is current.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await intervals()).filter((i) => i.ended_at === null)).toHaveLength(1);
  }, 30_000);
});
