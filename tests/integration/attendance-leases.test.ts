import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttendanceSnapshot } from '@diem-cau/shared';
import { nextPanel } from '../support/attendanceHelpers.js';
import { loginToken, type OrgFixture } from '../support/orgFixture.js';
import type { TestApp } from '../support/testApp.js';
import { startTwoNodes, type TwoNodes } from '../support/twoNodes.js';

/**
 * Attendance on two nodes: the sweeper stamps and sweeps every second; the holder holds an
 * endpoint's connection and stamps it only every five minutes (a node alive but slow). The sweep
 * goes by the holder's lease, not by how old its stamp is: the interval stays open while the holder
 * lives and is closed, at its last stamp, once the holder's lease is gone. The live panel is pushed
 * at most once a second for the session, whichever nodes saw the changes.
 */
describe('attendance across nodes: leases, not guesses', () => {
  let nodes: TwoNodes;
  let sweeper: TestApp;
  let holder: TestApp;
  let f: OrgFixture;
  let hostToken: string;

  const joinOn = (t: TestApp, token: string) => nodes.joinOn(t, token);
  const screenOn = async (t: TestApp, key: string) =>
    joinOn(t, await loginToken(sweeper, '/auth/endpoint', { endpointKey: key, sessionId: f.sessionId }));
  const openInterval = (endpointId: string) =>
    sweeper.app.db
      .selectFrom('attendance_intervals')
      .selectAll()
      .where('session_id', '=', f.sessionId)
      .where('endpoint_id', '=', endpointId)
      .orderBy('started_at', 'desc')
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    nodes = await startTwoNodes(300);
    ({ sweeper, holder, f, hostToken } = nodes);
  });
  afterAll(() => nodes?.close());

  it('changes seen on both nodes at once reach the host in one panel a second, none lost', async () => {
    const host = await joinOn(sweeper, hostToken);
    const onHolder = await screenOn(holder, f.keys.a1);
    const onSweeper = await screenOn(sweeper, f.keys.b1);
    await delay(1_200); // the joins' panels are out
    const panels: { at: number; panel: AttendanceSnapshot }[] = [];
    host.on('attendance:panel', (panel) => void panels.push({ at: Date.now(), panel }));
    const both = nextPanel(host, (p) => p.totals.headcount === 11 + 22);
    await Promise.all([
      onHolder.emitWithAck('attendance:headcount', { count: 11 }),
      onSweeper.emitWithAck('attendance:headcount', { count: 22 }),
    ]);
    expect((await both).totals.connected).toBe(2);
    await delay(1_500);
    for (let i = 1; i < panels.length; i++) expect(panels[i]!.at - panels[i - 1]!.at).toBeGreaterThanOrEqual(900);
  });

  it('keeps the intervals of a node alive but slow to stamp them, and closes them once its lease is gone', async () => {
    const held = await openInterval(f.endpoints.a1);
    expect(held).toMatchObject({ ended_at: null, node_id: holder.app.ctx.node.id });
    // Several of the sweeper's sweeps later, the holder's stamp is far older than 2.5 of its heartbeats.
    await delay(4_000);
    expect((await openInterval(f.endpoints.a1)).ended_at).toBeNull();

    // The holder's lease goes (as when it is killed: nothing else of it is cleaned up).
    await holder.app.ctx.node.stop();
    await expect.poll(async () => (await openInterval(f.endpoints.a1)).ended_at, { timeout: 5_000 }).not.toBeNull();
    const closed = await openInterval(f.endpoints.a1);
    expect(closed).toMatchObject({ close_reason: 'server_restart', ended_at: held.last_seen_at });
    // The sweeper's own endpoint is untouched.
    expect((await openInterval(f.endpoints.b1)).ended_at).toBeNull();
  });
});
