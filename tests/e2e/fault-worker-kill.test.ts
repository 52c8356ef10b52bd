import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Ack, LiveRun, Question, StoredAnswer } from '@diem-cau/shared';
import { broadcastDomain } from '@diem-cau/server/src/domain/broadcast/index.js';
import type { BroadcastRoom } from '@diem-cau/server/src/media/BroadcastRoom.js';
import {
  HOST_CAMERA,
  expectDecoding,
  hostGoesLive,
  newPage,
  openEndpoint,
  startBroadcastStage,
  type BroadcastStage,
} from '../support/broadcastPages.js';
import { adminToken, bringMembersIn, type HallMember } from '../support/hallMembers.js';
import { api } from '../support/http.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';

/** Members per hall; each signs in with a PIN and checks in with the code on its hall's TV. */
const MEMBERS_PER_HALL = 6;

/**
 * The fault campaign's media part: a mediasoup worker is SIGKILLed while the host is live and a
 * hall is answering a question — first a worker that only carries receivers, then the origin that
 * carries the host's producers. Nobody clicks anything: the TVs decode again by themselves, every
 * answer is acknowledged and stored once, and the attendance evidence (one open interval per
 * endpoint, every check-in) is untouched by the media's restart.
 */
describe('a mediasoup worker killed mid-broadcast and mid-quiz burst', () => {
  let stage: BroadcastStage;
  let host: Page;
  const tvs: Page[] = [];
  let hostSocket: TestSocket;
  const members: HallMember[] = [];
  const acked = new Map<string, StoredAnswer[]>();

  const room = (): BroadcastRoom => broadcastDomain(stage.t.app.ctx).rooms.existing(stage.fx.sessionId)!;
  const workerPid = (slot: number): number => stage.t.app.media.slots[slot]!.worker.pid;

  async function launch(prompt: string): Promise<LiveRun> {
    const { t, fx } = stage;
    const question = await api<Question>(t.url, 'POST', `/api/quiz/sessions/${fx.sessionId}/questions`, fx.hostToken, {
      type: 'single',
      prompt,
      options: ['Đúng', 'Sai', 'Chưa rõ'],
      correct: [0],
      timeLimitS: 120,
      explanation: 'Theo Nghị quyết.',
    });
    expect(question.status).toBe(201);
    const run = await hostSocket.emitWithAck('quiz:launch', { questionId: question.body.id });
    if (!run.ok) throw new Error(`launch refused: ${run.error.code}`);
    return run.data;
  }

  /** Every member answers at once; `midBurst` runs as soon as the first answers are acknowledged. */
  async function burst(run: LiveRun, midBurst: () => void): Promise<(Ack<StoredAnswer> | null)[]> {
    let acks = 0;
    let fired = false;
    const pending = members.map((m, i) =>
      m.socket
        .timeout(15_000)
        .emitWithAck('quiz:answer', { runId: run.runId, answer: { choice: [i % 3] } })
        .catch(() => null)
        .then((ack) => {
          if (ack?.ok && ++acks >= 3 && !fired) {
            fired = true;
            midBurst();
          }
          return ack;
        }),
    );
    const answers = await Promise.all(pending);
    if (!fired) midBurst();
    answers.forEach((a, i) => {
      if (a?.ok) acked.set(members[i]!.id, [...(acked.get(members[i]!.id) ?? []), a.data]);
    });
    return answers;
  }

  const endpointPeers = () =>
    room()
      .peers()
      .filter((p) => p.identity.role === 'endpoint');
  /** Consumer ids of the endpoint peers named (all when omitted). */
  const endpointConsumers = (peerIds?: string[]): string[] =>
    endpointPeers()
      .filter((p) => peerIds === undefined || peerIds.includes(p.id))
      .flatMap((p) => [...p.consumers.values()].map((c) => c.consumer.id));
  const hostCameraId = (): string | undefined =>
    room()
      .producers()
      .find((p) => p.publisher.role === 'host' && p.source === 'camera')?.producerId;

  const picturesBack = () => Promise.all(tvs.map((tv) => expectDecoding(tv, HOST_CAMERA, 30_000)));

  beforeAll(async () => {
    stage = await startBroadcastStage(2);
  }, 60_000);

  afterAll(async () => {
    hostSocket?.close();
    for (const m of members) m.socket.close();
    await stage?.close();
  });

  it('the host is live, both TVs decode, and the halls check in with the codes on their TVs', async () => {
    const { t, fx, browser, contexts } = stage;
    host = await newPage(browser, contexts);
    await hostGoesLive(host, t.url, fx);
    for (const endpoint of fx.endpoints) {
      const tv = await newPage(browser, contexts);
      await openEndpoint(tv, t.url, fx, endpoint);
      tvs.push(tv);
    }
    await picturesBack();

    // The hall arrives the way phones do, with the code each TV shows.
    const admin = await adminToken(t);
    const codeOf = async (endpointId: string): Promise<string> => {
      const tv = tvs[fx.endpoints.findIndex((e) => e.id === endpointId)]!;
      await expect
        .poll(() => tv.getByTestId('checkin-code').getAttribute('data-code'), { timeout: 10_000 })
        .toMatch(/\w{6}/);
      return (await tv.getByTestId('checkin-code').getAttribute('data-code'))!;
    };
    for (const endpoint of fx.endpoints) {
      const row = await t.app.db
        .selectFrom('endpoints')
        .select('unit_id')
        .where('id', '=', endpoint.id)
        .executeTakeFirstOrThrow();
      const hall = await bringMembersIn(t, {
        admin,
        sessionId: fx.sessionId,
        communeId: row.unit_id,
        endpointIds: [endpoint.id],
        count: MEMBERS_PER_HALL,
        codeOf,
      });
      members.push(...hall);
    }
    hostSocket = await connectSocket(t.url, { token: fx.hostToken });
    const joined = await hostSocket.emitWithAck('session:join', { sessionId: fx.sessionId });
    if (!joined.ok) throw new Error(`host join refused: ${joined.error.code}`);
    expect(members).toHaveLength(MEMBERS_PER_HALL * fx.endpoints.length);
  }, 180_000);

  it('a worker carrying only receivers dies during a burst: every answer is acknowledged, the TVs on it decode again', async () => {
    const origin = room().originSlot;
    const victim = origin === 0 ? 1 : 0;
    expect(endpointPeers().map((p) => p.slot)).toContain(victim);
    const deadPid = workerPid(victim);
    const consumersBefore = new Set(endpointConsumers());
    const onVictim = endpointPeers()
      .filter((p) => p.slot === victim)
      .map((p) => p.id);
    const cameraBefore = hostCameraId();

    const run = await launch('Nghị quyết xác định khâu đột phá là gì?');
    const answers = await burst(run, () => process.kill(deadPid, 'SIGKILL'));
    expect(answers.filter((a) => !a?.ok)).toEqual([]);

    await expect.poll(() => workerPid(victim) !== deadPid, { timeout: 20_000 }).toBe(true);
    // The TVs that were on the dead worker consume afresh (audio and video each), the others keep theirs.
    await expect
      .poll(() => endpointConsumers(onVictim).filter((id) => !consumersBefore.has(id)).length, { timeout: 20_000 })
      .toBe(2 * onVictim.length);
    const others = endpointPeers().filter((p) => !onVictim.includes(p.id));
    expect(endpointConsumers(others.map((p) => p.id)).every((id) => consumersBefore.has(id))).toBe(true);
    await picturesBack();
    expect(hostCameraId()).toBe(cameraBefore);
    // The host's producers stayed where they were: the origin did not move.
    expect(room().originSlot).toBe(origin);
    const closed = await hostSocket.emitWithAck('quiz:close', { runId: run.runId });
    expect(closed.ok).toBe(true);
  }, 120_000);

  it("the origin worker dies during a burst: the host's page republishes, the TVs decode again, every answer is acknowledged", async () => {
    const deadPid = workerPid(room().originSlot);
    const cameraBefore = hostCameraId();

    const run = await launch('Mục tiêu đến năm 2030 là gì?');
    const answers = await burst(run, () => process.kill(deadPid, 'SIGKILL'));
    expect(answers.filter((a) => !a?.ok)).toEqual([]);

    await expect
      .poll(() => stage.t.app.media.slots.every((s) => s.worker.pid !== deadPid), { timeout: 20_000 })
      .toBe(true);
    // The host's page published again by itself, and every TV consumes the new camera.
    await expect.poll(() => hostCameraId() ?? cameraBefore, { timeout: 30_000 }).not.toBe(cameraBefore);
    const camera = hostCameraId()!;
    await expect
      .poll(
        () =>
          room()
            .peers()
            .filter((p) => p.identity.role === 'endpoint')
            .every((p) =>
              [...p.consumers.values()].some((c) => c.consumer.producerId === camera && !c.consumer.closed),
            ),
        { timeout: 30_000 },
      )
      .toBe(true);
    await picturesBack();
    await expect
      .poll(() => host.getByTestId('host-status').getAttribute('data-status'), { timeout: 20_000 })
      .toBe('live');
  }, 120_000);

  it('nothing lost: each acknowledged answer stored once, one open interval per endpoint, every check-in kept', async () => {
    const { t, fx } = stage;
    const db = t.app.db;
    const answers = await db
      .selectFrom('quiz_answers')
      .innerJoin('quiz_runs', 'quiz_runs.id', 'quiz_answers.run_id')
      .select(['quiz_answers.member_id', 'quiz_answers.run_id', 'quiz_answers.answered_ms'])
      .where('quiz_runs.session_id', '=', fx.sessionId)
      .execute();
    expect(answers).toHaveLength(members.length * 2);
    expect(new Set(answers.map((a) => `${a.member_id}/${a.run_id}`)).size).toBe(members.length * 2);
    for (const [memberId, stored] of acked) {
      for (const s of stored) {
        expect(answers.find((a) => a.member_id === memberId && a.run_id === s.runId)?.answered_ms).toBe(s.answeredAt);
      }
    }

    const intervals = await db
      .selectFrom('attendance_intervals')
      .select(['endpoint_id', 'ended_at'])
      .where('session_id', '=', fx.sessionId)
      .execute();
    for (const endpoint of fx.endpoints) {
      const own = intervals.filter((i) => i.endpoint_id === endpoint.id);
      expect(own).toHaveLength(1);
      expect(own[0]!.ended_at).toBeNull();
    }

    const checkins = await db
      .selectFrom('checkins')
      .select(['member_id', 'endpoint_id', 'checked_out_at'])
      .where('session_id', '=', fx.sessionId)
      .execute();
    expect(checkins).toHaveLength(members.length);
    for (const m of members) {
      const own = checkins.find((c) => c.member_id === m.id);
      expect(own?.endpoint_id).toBe(m.endpointId);
      expect(own?.checked_out_at).toBeNull();
    }
  });
});
