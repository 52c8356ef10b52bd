import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuditPage,
  MakeupStatus,
  Session,
  StudyHeartbeatResponse,
  StudyPlayback,
  StudyProgress,
  StudySettings,
  StudyStatus,
  WebhookEvent,
  WebhookWithSecret,
} from '@diem-cau/shared';
import { recordingStore } from '@diem-cau/server/src/domain/recording/index.js';
import { enrolMember } from '../support/enrolMember.js';
import { api, buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/** The recordings' media time: 60 s. */
const DURATION_MS = 60_000;
/** S1's attendance threshold, and so its make-up study share by default: 6 s of 60 s. */
const THRESHOLD = 0.1;
/** Real wall time between two playing beats; each such beat advances by STEP_MS × rate. */
const STEP_MS = 500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Member {
  id: string;
  token: string;
}

/** A webhook receiver on loopback that records each event it is sent. */
async function startReceiver(): Promise<{ url: string; events: WebhookEvent[]; close(): Promise<void> }> {
  const events: WebhookEvent[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookEvent);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    events,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('make-up study from the recording: credited from playback heartbeats over real HTTP', () => {
  let t: TestApp;
  let f: OrgFixture;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let adminToken = '';
  let hostToken = '';
  let otherHostToken = '';
  /** Absent from S1 and S2 (the fixture's member, commune CA1): the happy path. */
  let absent: Member;
  /** Also absent (commune CA1): the bad input. */
  let other: Member;
  /** Checked in at endpoint A1 before S1 started, through the real check-in flow: attended S1. */
  let attendee: Member;
  /** Commune CA2, which no session here invites. */
  let outsider: Member;
  /** Ended, recorded, with a question bank; invites A1 and B1. */
  let s1 = '';
  let s1Recording = '';
  /** Ended, recorded; invites A1 (deadline and deletion). */
  let s2 = '';
  let s2Recording = '';
  /** Ended, never recorded. */
  let s3 = '';
  /** Ended, with a question bank; its recording is still being processed. */
  let s4 = '';
  let s4Recording = '';
  const sockets: TestSocket[] = [];

  const study = (sessionId: string) => `/makeup/study/${sessionId}`;
  const statusOf = async (m: Member, sessionId: string) =>
    (await api<StudyStatus>(t, 'GET', study(sessionId), undefined, m.token)).body;
  const startPlayback = async (m: Member, sessionId: string): Promise<StudyPlayback> => {
    const res = await api<StudyPlayback>(t, 'POST', `${study(sessionId)}/playbacks`, undefined, m.token);
    expect(res.status).toBe(200);
    return res.body;
  };
  const beat = (m: Member, sessionId: string, body: unknown) =>
    api<StudyHeartbeatResponse & { error?: { code: string; details?: unknown } }>(
      t,
      'POST',
      `${study(sessionId)}/heartbeats`,
      body,
      m.token,
    );
  /** A heartbeat that must be accepted: its answer. */
  const okBeat = async (
    m: Member,
    sessionId: string,
    playbackId: string,
    seq: number,
    positionMs: number,
    rate = 1,
    playing = true,
  ): Promise<StudyHeartbeatResponse> => {
    const res = await beat(m, sessionId, { playbackId, seq, positionMs, playing, rate });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const errorCode = (res: { status: number; body: unknown }) => ({
    status: res.status,
    code: (res.body as { error?: { code?: string } } | undefined)?.error?.code,
  });
  const progressRow = (sessionId: string, memberId: string) =>
    t.app.db
      .selectFrom('makeup_study_progress')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('member_id', '=', memberId)
      .executeTakeFirst();

  const signIn = async (m: { id: string; memberNumber: string; pin: string }): Promise<Member> => ({
    id: m.id,
    token: await loginToken(t, '/auth/member', { memberNumber: m.memberNumber, pin: m.pin }),
  });
  const joinAs = async (token: string, sessionId: string): Promise<TestSocket> => {
    const s = await connectSocket(t.url, { token });
    sockets.push(s);
    const ack = await s.emitWithAck('session:join', { sessionId });
    if (!ack.ok) throw new Error(`join refused: ${ack.error.code}`);
    return s;
  };

  /** A scheduled session of the host's, made through the REST routes, inviting `endpointIds`. */
  const scheduledSession = async (title: string, endpointIds: string[], attendanceThreshold?: number) => {
    const created = await api<Session>(
      t,
      'POST',
      '/sessions',
      { title, resolution: 'Nghị quyết học bù', ...(attendanceThreshold !== undefined && { attendanceThreshold }) },
      hostToken,
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    const scheduled = await api(
      t,
      'POST',
      `/sessions/${id}/schedule`,
      {
        scheduledStart: new Date(Date.now() + 3_600_000).toISOString(),
        scheduledEnd: new Date(Date.now() + 7_200_000).toISOString(),
      },
      hostToken,
    );
    expect(scheduled.status).toBe(200);
    expect((await api(t, 'POST', `/sessions/${id}/invites`, { endpointIds }, hostToken)).status).toBeLessThan(300);
    return id;
  };
  const runAndEnd = async (id: string) => {
    expect((await api(t, 'POST', `/sessions/${id}/start`, undefined, hostToken)).status).toBe(200);
    // The live window must have a length, or nobody could have attended it.
    await sleep(100);
    expect((await api(t, 'POST', `/sessions/${id}/end`, undefined, hostToken)).status).toBe(200);
  };
  /**
   * The session's recording, READY with DURATION_MS of media. The recording pipeline (mediasoup
   * PlainTransports → ffmpeg → renditions job) is not under test here and would need real media
   * flowing for a minute, so the row is written through the recording domain's own store, as the
   * finalize job leaves it. It is written after the session ended and after the recording module's
   * end hook (setImmediate after the status commit) had its look: that hook finalizes a recording
   * it finds, and finalizing one without segments would mark it failed.
   */
  const readyRecording = async (sessionId: string): Promise<string> => {
    await sleep(200);
    const store = recordingStore(t.app.ctx);
    const row = await store.ensure(sessionId, new Date());
    await store.update(row.id, { state: 'ready', duration_ms: DURATION_MS, ended_at: new Date().toISOString() });
    return row.id;
  };

  beforeAll(async () => {
    // No live recorder: the recordings here are rows (readyRecording), not media.
    t = await startTestApp({ RECORDING_ENABLED: 'false' });
    f = await buildOrgFixture(t);
    receiver = await startReceiver();
    adminToken = await loginToken(t, '/auth/login', { username: f.admin.username, password: f.admin.password });
    hostToken = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
    otherHostToken = await loginToken(t, '/auth/login', {
      username: f.otherHost.username,
      password: f.otherHost.password,
    });
    const hook = await api<WebhookWithSecret>(
      t,
      'POST',
      '/webhooks',
      { url: receiver.url, events: ['makeup.completed'] },
      adminToken,
    );
    expect(hook.status).toBe(201);

    const communeOf = async (endpointId: string) =>
      (await t.app.db.selectFrom('endpoints').select('unit_id').where('id', '=', endpointId).executeTakeFirstOrThrow())
        .unit_id;
    const ca1 = await communeOf(f.endpoints.a1);
    const ca2 = await communeOf(f.endpoints.a2);
    absent = await signIn(f.member);
    other = await signIn(await enrolMember(t.url, adminToken, ca1, 'Lê Văn Vắng'));
    attendee = await signIn(await enrolMember(t.url, adminToken, ca1, 'Phạm Thị Có Mặt'));
    outsider = await signIn(await enrolMember(t.url, adminToken, ca2, 'Hoàng Văn Ngoài'));

    s1 = await scheduledSession('Học bù 1', [f.endpoints.a1, f.endpoints.b1], THRESHOLD);
    s2 = await scheduledSession('Học bù 2', [f.endpoints.a1]);
    s3 = await scheduledSession('Không ghi hình', [f.endpoints.a1]);
    s4 = await scheduledSession('Đang xử lý bản ghi', [f.endpoints.a1]);

    // The make-up quiz needs a question in the bank.
    for (const id of [s1, s4]) {
      const question = await api(
        t,
        'POST',
        `/quiz/sessions/${id}/questions`,
        { type: 'single', prompt: 'Câu 1', options: ['a', 'b'], correct: [0], timeLimitS: 30 },
        hostToken,
      );
      expect(question.status).toBe(201);
    }

    // The attendee checks in with the code endpoint A1 shows, before S1 starts: present all along.
    const screen = await joinAs(await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.a1, sessionId: s1 }), s1);
    const phone = await joinAs(attendee.token, s1);
    const code = await screen.emitWithAck('checkin:currentCode', {});
    if (!code.ok) throw new Error(`no code: ${code.error.code}`);
    const checkedIn = await phone.emitWithAck('checkin:submit', { code: code.data.code });
    expect(checkedIn).toMatchObject({ ok: true, data: { endpointId: f.endpoints.a1 } });

    await runAndEnd(s1);
    await runAndEnd(s2);
    await runAndEnd(s3);
    await runAndEnd(s4);
    for (const s of sockets.splice(0)) s.close();
    s1Recording = await readyRecording(s1);
    s2Recording = await readyRecording(s2);
    s4Recording = await readyRecording(s4);
    // S4's renditions are still being made (as the finalize job leaves the row while it runs).
    await recordingStore(t.app.ctx).update(s4Recording, { state: 'processing' });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
    await receiver?.close();
  });

  it('lists the study for a member who missed the session, lets them watch the recording, and no one else', async () => {
    const list = await api<StudyStatus[]>(t, 'GET', '/makeup/study', undefined, absent.token);
    expect(list.status).toBe(200);
    // Not S3 (no recording), not S4 (not ready), not the fixture's sessions (not ended).
    expect(list.body.map((s) => s.sessionId).sort()).toEqual([s1, s2].sort());
    expect(list.body.find((s) => s.sessionId === s1)).toEqual({
      sessionId: s1,
      sessionTitle: 'Học bù 1',
      recordingId: s1Recording,
      reason: 'absent',
      durationMs: DURATION_MS,
      watchedMs: 0,
      watchedShare: 0,
      // The default share is the session's attendance threshold; the default speed limit 1.5×.
      requiredShare: THRESHOLD,
      maxRate: 1.5,
      deadline: null,
      resumeMs: 0,
      completedAt: null,
      overdue: false,
    });
    // The attendee attended S1 (S2 they missed); the outsider's commune was invited to none.
    const attendeeList = await api<StudyStatus[]>(t, 'GET', '/makeup/study', undefined, attendee.token);
    expect(attendeeList.body.map((s) => s.sessionId)).toEqual([s2]);
    expect((await api<StudyStatus[]>(t, 'GET', '/makeup/study', undefined, outsider.token)).body).toEqual([]);

    // The recording domain lets the member with make-up study have the replay manifest.
    expect((await api(t, 'GET', `/recordings/${s1Recording}`, undefined, absent.token)).status).toBe(200);
    expect(errorCode(await api(t, 'GET', `/recordings/${s1Recording}`, undefined, attendee.token))).toMatchObject({
      status: 403,
    });
    expect(errorCode(await api(t, 'GET', `/recordings/${s1Recording}`, undefined, outsider.token))).toMatchObject({
      status: 403,
    });

    // Until the study is complete, the make-up quiz waits for it.
    const quiz = await api<MakeupStatus>(t, 'GET', `/quiz/sessions/${s1}/makeup`, undefined, absent.token);
    expect(quiz.body).toMatchObject({ eligible: false, reason: 'study_incomplete' });
  });

  it('credits only media played forward: seeks, replays and 2× count nothing; the share completes it', async () => {
    const { playbackId, status } = await startPlayback(absent, s1);
    expect(status).toMatchObject({ watchedMs: 0, resumeMs: 0 });
    let seq = 0;
    const play = async (positionMs: number, rate = 1) => okBeat(absent, s1, playbackId, seq++, positionMs, rate);

    // The first beat only marks where playback is.
    expect(await play(0)).toMatchObject({ creditedMs: 0, refused: null, status: { watchedMs: 0 } });
    await sleep(STEP_MS);
    expect(await play(500)).toMatchObject({ creditedMs: 500, refused: null, status: { watchedMs: 500 } });
    await sleep(STEP_MS);
    expect(await play(1_000)).toMatchObject({ creditedMs: 500, status: { watchedMs: 1_000, resumeMs: 1_000 } });

    // A seek far ahead at once: nothing of the jump counts.
    expect(await play(30_000)).toMatchObject({ creditedMs: 0, refused: 'skipped', status: { watchedMs: 1_000 } });
    // Playing on from there counts.
    await sleep(STEP_MS);
    expect(await play(30_500)).toMatchObject({ creditedMs: 500, refused: null, status: { watchedMs: 1_500 } });
    // 4 s of media in half a second of wall time (more than wall × rate + 1.5 s): a seek, not playing.
    await sleep(STEP_MS);
    expect(await play(34_500)).toMatchObject({ creditedMs: 0, refused: 'skipped', status: { watchedMs: 1_500 } });

    // Back to a part already watched: watching it again counts once.
    expect(await play(500)).toMatchObject({ creditedMs: 0, refused: 'skipped' });
    await sleep(STEP_MS);
    expect(await play(1_000)).toMatchObject({ creditedMs: 0, refused: null, status: { watchedMs: 1_500 } });
    // …and on past it, only the new part.
    await sleep(STEP_MS);
    expect(await play(1_500)).toMatchObject({ creditedMs: 500, status: { watchedMs: 2_000 } });

    // 2× is over the 1.5× limit: what was played at 2× counts nothing.
    expect(await play(1_500, 2)).toMatchObject({ creditedMs: 0, refused: null });
    await sleep(STEP_MS);
    expect(await play(2_500, 2)).toMatchObject({ creditedMs: 0, refused: 'too_fast', status: { watchedMs: 2_000 } });
    // Down to 1.5×: the beat of the change still closes a 2× span; from then on it counts.
    expect(await play(2_500, 1.5)).toMatchObject({ creditedMs: 0, refused: 'too_fast' });
    let position = 2_500;
    let watched = 2_000;
    const needed = THRESHOLD * DURATION_MS;
    let last: StudyHeartbeatResponse | undefined;
    while (watched < needed) {
      expect(last?.status.completedAt ?? null).toBeNull();
      await sleep(STEP_MS);
      position += 750;
      watched += 750;
      last = await play(position, 1.5);
      expect(last).toMatchObject({ creditedMs: 750, refused: null, status: { watchedMs: watched } });
    }
    // Reaching the share completes the study, stored before the answer.
    const completedAt = last?.status.completedAt;
    expect(completedAt).toEqual(expect.any(String));
    expect(await progressRow(s1, absent.id)).toMatchObject({
      watched_ms: watched,
      completed_at: completedAt,
      resume_ms: position,
      // The part played at 2× stays a hole.
      watched_json: JSON.stringify([
        [0, 1_500],
        [2_500, position],
        [30_000, 30_500],
      ]),
    });

    // Playing on after completion still counts and keeps the completion as it was.
    await sleep(STEP_MS);
    position += 500;
    expect(await play(position)).toMatchObject({
      creditedMs: 500,
      status: { watchedMs: watched + 500, completedAt, resumeMs: position },
    });
    watched += 500;

    // The make-up quiz opens.
    const quiz = await api<MakeupStatus>(t, 'GET', `/quiz/sessions/${s1}/makeup`, undefined, absent.token);
    expect(quiz.body).toMatchObject({ eligible: true, reason: null });

    // The completion is announced once to the webhook, with what was credited when it completed.
    await expect.poll(() => receiver.events.length, { timeout: 10_000 }).toBe(1);
    expect(receiver.events[0]).toMatchObject({
      id: `makeup.completed.${s1}.${absent.id}`,
      type: 'makeup.completed',
      data: {
        sessionId: s1,
        memberId: absent.id,
        recordingId: s1Recording,
        watchedMs: watched - 500,
        durationMs: DURATION_MS,
        completedAt,
        kind: 'individual',
      },
    });
    const deliveries = await t.app.db
      .selectFrom('webhook_deliveries')
      .select(['event_type'])
      .where('event_type', '=', 'makeup.completed')
      .execute();
    expect(deliveries).toHaveLength(1);

    // A new playback (the replay page opened again) resumes at the last position.
    const again = await startPlayback(absent, s1);
    expect(again.playbackId).not.toBe(playbackId);
    expect(again.status).toMatchObject({ resumeMs: position, watchedMs: watched, completedAt });
  });

  it('refuses bad heartbeats with their coded error and credits or changes nothing', async () => {
    const { playbackId } = await startPlayback(other, s1);
    await okBeat(other, s1, playbackId, 0, 0);
    await sleep(STEP_MS);
    expect(await okBeat(other, s1, playbackId, 1, 500)).toMatchObject({ creditedMs: 500 });
    const before = await progressRow(s1, other.id);
    expect(before).toMatchObject({ watched_ms: 500, resume_ms: 500 });
    const absentBefore = await progressRow(s1, absent.id);
    const valid = { playbackId, seq: 2, positionMs: 1_000, playing: true, rate: 1 };

    // The same seq again (a replayed beat), and an older one (reordered).
    const replayed = await beat(other, s1, { ...valid, seq: 1 });
    expect(errorCode(replayed)).toEqual({ status: 409, code: 'CONFLICT' });
    expect(replayed.body.error?.details).toEqual([{ path: 'seq', message: 'must be greater than 1' }]);
    expect(errorCode(await beat(other, s1, { ...valid, seq: 0 }))).toEqual({ status: 409, code: 'CONFLICT' });
    // A playback that does not exist, and another member's.
    expect(errorCode(await beat(other, s1, { ...valid, playbackId: randomUUID() }))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
    const absentPlayback = await t.app.db
      .selectFrom('makeup_study_playbacks')
      .select(['id', 'last_seq'])
      .where('member_id', '=', absent.id)
      .where('session_id', '=', s1)
      .orderBy('last_seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(
      errorCode(await beat(other, s1, { ...valid, playbackId: absentPlayback.id, seq: absentPlayback.last_seq + 1 })),
    ).toEqual({ status: 404, code: 'NOT_FOUND' });
    // This member's playback, named in another session's heartbeat.
    expect(errorCode(await beat(other, s2, valid))).toEqual({ status: 404, code: 'NOT_FOUND' });
    // Past the recording's end by more than the player's rounding.
    expect(errorCode(await beat(other, s1, { ...valid, positionMs: DURATION_MS + 2_001 }))).toEqual({
      status: 400,
      code: 'BAD_REQUEST',
    });
    // Malformed bodies.
    const { rate: _rate, ...noRate } = valid;
    for (const body of [
      noRate,
      { ...valid, extra: true },
      { ...valid, positionMs: -1 },
      { ...valid, rate: 0 },
      { ...valid, seq: 2.5 },
      { ...valid, playbackId: 'not-an-id' },
    ])
      expect(errorCode(await beat(other, s1, body)), JSON.stringify(body)).toEqual({
        status: 400,
        code: 'BAD_REQUEST',
      });

    // Nothing changed: neither member's progress nor the other member's playback.
    expect(await progressRow(s1, other.id)).toEqual(before);
    expect(await progressRow(s1, absent.id)).toEqual(absentBefore);
    expect(
      (
        await t.app.db
          .selectFrom('makeup_study_playbacks')
          .select('last_seq')
          .where('id', '=', absentPlayback.id)
          .executeTakeFirstOrThrow()
      ).last_seq,
    ).toBe(absentPlayback.last_seq);
    // Seq 2 was never taken and the playback still stands at 500 ms: the next beat counts as usual.
    await sleep(STEP_MS);
    expect(await okBeat(other, s1, playbackId, 2, 1_000)).toMatchObject({
      creditedMs: 500,
      refused: null,
      status: { watchedMs: 1_000 },
    });

    // A paused player's beats credit nothing, however much time passed.
    expect(await okBeat(other, s1, playbackId, 3, 1_000, 1, false)).toMatchObject({ creditedMs: 0 });
    await sleep(STEP_MS);
    expect(await okBeat(other, s1, playbackId, 4, 1_500)).toMatchObject({
      creditedMs: 0,
      refused: 'not_playing',
      status: { watchedMs: 1_000 },
    });
  });

  it('is forbidden to members without make-up study, to staff on member routes, and to members on staff routes', async () => {
    // Attended live (checked in through the endpoint's code), and not in the audience.
    for (const m of [attendee, outsider]) {
      expect(errorCode(await api(t, 'GET', study(s1), undefined, m.token))).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect(errorCode(await api(t, 'POST', `${study(s1)}/playbacks`, undefined, m.token))).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
      expect(
        errorCode(await beat(m, s1, { playbackId: randomUUID(), seq: 0, positionMs: 0, playing: true, rate: 1 })),
      ).toEqual({ status: 403, code: 'FORBIDDEN' });
    }
    expect(
      await t.app.db
        .selectFrom('makeup_study_playbacks')
        .select('id')
        .where('member_id', 'in', [attendee.id, outsider.id])
        .execute(),
    ).toEqual([]);

    // Staff tokens on the member routes.
    for (const token of [hostToken, adminToken]) {
      expect(errorCode(await api(t, 'GET', '/makeup/study', undefined, token))).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
      expect(errorCode(await api(t, 'GET', study(s1), undefined, token))).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect(errorCode(await api(t, 'POST', `${study(s1)}/playbacks`, undefined, token))).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
      expect(
        errorCode(
          await api(
            t,
            'POST',
            `${study(s1)}/heartbeats`,
            { playbackId: randomUUID(), seq: 0, positionMs: 0, playing: true, rate: 1 },
            token,
          ),
        ),
      ).toEqual({ status: 403, code: 'FORBIDDEN' });
    }

    // A member on the staff routes, and a host who does not manage the session.
    for (const token of [absent.token, otherHostToken]) {
      expect(errorCode(await api(t, 'GET', `/sessions/${s1}/makeup-study`, undefined, token))).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
      expect(errorCode(await api(t, 'PUT', `/sessions/${s1}/makeup-study`, { share: 0.01 }, token))).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
      expect(
        errorCode(await api(t, 'POST', `/sessions/${s1}/makeup-study/assign`, { memberIds: [attendee.id] }, token)),
      ).toEqual({ status: 403, code: 'FORBIDDEN' });
    }
    expect(
      await t.app.db.selectFrom('makeup_study_settings').select('session_id').where('session_id', '=', s1).execute(),
    ).toEqual([]);
    expect(
      await t.app.db.selectFrom('makeup_study_assignments').select('member_id').where('session_id', '=', s1).execute(),
    ).toEqual([]);
  });

  it('answers a session not ended, one without recording, a passed deadline and a deleted recording with their codes', async () => {
    // The fixture's session is only scheduled (and invites the member's commune).
    expect(errorCode(await api(t, 'GET', study(f.sessionId), undefined, absent.token))).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
    expect(errorCode(await api(t, 'POST', `${study(f.sessionId)}/playbacks`, undefined, absent.token))).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
    expect(errorCode(await api(t, 'GET', study(s3), undefined, absent.token))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(errorCode(await api(t, 'POST', `${study(s3)}/playbacks`, undefined, absent.token))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });

    // Some study of S2, then the host sets a deadline that has passed: nothing more is credited.
    const { playbackId } = await startPlayback(absent, s2);
    await okBeat(absent, s2, playbackId, 0, 0);
    await sleep(STEP_MS);
    expect(await okBeat(absent, s2, playbackId, 1, 500)).toMatchObject({ creditedMs: 500 });
    const deadline = new Date(Date.now() - 60_000).toISOString();
    const set = await api<StudySettings>(t, 'PUT', `/sessions/${s2}/makeup-study`, { deadline }, hostToken);
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ enabled: true, share: 0.8, maxRate: 1.5, deadline });
    await sleep(STEP_MS);
    expect(
      errorCode(await beat(absent, s2, { playbackId, seq: 2, positionMs: 1_000, playing: true, rate: 1 })),
    ).toEqual({ status: 409, code: 'DEADLINE_PASSED' });
    expect(await statusOf(absent, s2)).toMatchObject({ watchedMs: 500, resumeMs: 500, overdue: true, deadline });

    // An admin deletes the recording: there is nothing left to study.
    expect(errorCode(await api(t, 'DELETE', `/recordings/${s2Recording}`, undefined, hostToken)).status).toBe(403);
    expect((await api(t, 'DELETE', `/recordings/${s2Recording}`, undefined, adminToken)).status).toBe(200);
    expect(errorCode(await api(t, 'GET', study(s2), undefined, absent.token))).toEqual({ status: 410, code: 'GONE' });
    expect(errorCode(await api(t, 'POST', `${study(s2)}/playbacks`, undefined, absent.token))).toEqual({
      status: 410,
      code: 'GONE',
    });
    expect(
      errorCode(await beat(absent, s2, { playbackId, seq: 2, positionMs: 1_000, playing: true, rate: 1 })),
    ).toEqual({ status: 410, code: 'GONE' });
    expect(await progressRow(s2, absent.id)).toMatchObject({ watched_ms: 500 });
    const list = await api<StudyStatus[]>(t, 'GET', '/makeup/study', undefined, absent.token);
    expect(list.body.map((s) => s.sessionId)).toEqual([s1]);
  });

  it('shows staff each member’s progress, lets them assign an attendee, and audits settings and assignments', async () => {
    const progress = await api<StudyProgress>(t, 'GET', `/sessions/${s1}/makeup-study`, undefined, hostToken);
    expect(progress.status).toBe(200);
    expect(progress.body.settings).toEqual({ enabled: true, share: THRESHOLD, maxRate: 1.5, deadline: null });
    expect(progress.body.durationMs).toBe(DURATION_MS);
    const absentRow = await progressRow(s1, absent.id);
    expect(progress.body.members).toHaveLength(2);
    expect(progress.body.members).toEqual(
      expect.arrayContaining([
        {
          memberId: absent.id,
          fullName: 'Nguyễn Văn Thử',
          memberNumber: f.member.memberNumber,
          reason: 'absent',
          watchedMs: absentRow!.watched_ms,
          watchedShare: absentRow!.watched_ms / DURATION_MS,
          completedAt: absentRow!.completed_at,
          cellName: 'CELL',
          communeName: 'CA1',
          completedVia: absentRow!.completed_at ? 'individual' : null,
        },
        expect.objectContaining({ memberId: other.id, reason: 'absent', watchedMs: 1_000, completedAt: null }),
      ]),
    );

    // Assigning: unknown members and malformed bodies are refused, and nothing is assigned.
    expect(
      errorCode(await api(t, 'POST', `/sessions/${s1}/makeup-study/assign`, { memberIds: [randomUUID()] }, hostToken)),
    ).toEqual({ status: 400, code: 'BAD_REQUEST' });
    expect(
      errorCode(await api(t, 'POST', `/sessions/${s1}/makeup-study/assign`, { memberIds: [] }, hostToken)),
    ).toEqual({ status: 400, code: 'BAD_REQUEST' });
    expect(errorCode(await api(t, 'GET', study(s1), undefined, attendee.token)).status).toBe(403);
    const assigned = await api(
      t,
      'POST',
      `/sessions/${s1}/makeup-study/assign`,
      { memberIds: [attendee.id, attendee.id] },
      hostToken,
    );
    expect(assigned).toEqual({ status: 200, body: { assigned: 1 } });
    // The attendee now has make-up study, and may watch the recording.
    expect(await statusOf(attendee, s1)).toMatchObject({ reason: 'assigned', watchedMs: 0, completedAt: null });
    expect((await api(t, 'GET', `/recordings/${s1Recording}`, undefined, attendee.token)).status).toBe(200);
    const attendeeList = await api<StudyStatus[]>(t, 'GET', '/makeup/study', undefined, attendee.token);
    expect(attendeeList.body.map((s) => s.sessionId)).toContain(s1);

    // Settings: malformed ones are refused; a new speed limit applies at once.
    for (const body of [{ share: 0 }, { share: 1.5 }, { maxRate: 0.5 }, { deadline: 'tomorrow' }, { other: 1 }])
      expect(
        errorCode(await api(t, 'PUT', `/sessions/${s1}/makeup-study`, body, hostToken)),
        JSON.stringify(body),
      ).toEqual({ status: 400, code: 'BAD_REQUEST' });
    const set = await api<StudySettings>(t, 'PUT', `/sessions/${s1}/makeup-study`, { maxRate: 2 }, hostToken);
    expect(set.body).toEqual({ enabled: true, share: THRESHOLD, maxRate: 2, deadline: null });
    const { playbackId } = await startPlayback(attendee, s1);
    await okBeat(attendee, s1, playbackId, 0, 0, 2);
    await sleep(STEP_MS);
    expect(await okBeat(attendee, s1, playbackId, 1, 1_000, 2)).toMatchObject({
      creditedMs: 1_000,
      refused: null,
      status: { reason: 'assigned', watchedMs: 1_000, maxRate: 2 },
    });
    const after = await api<StudyProgress>(t, 'GET', `/sessions/${s1}/makeup-study`, undefined, hostToken);
    expect(after.body.members.find((m) => m.memberId === attendee.id)).toMatchObject({
      reason: 'assigned',
      watchedMs: 1_000,
      fullName: 'Phạm Thị Có Mặt',
    });

    // Both settings changes and the one assignment are in the audit log, by the host.
    const audit = await api<AuditPage>(t, 'GET', `/audit?action=makeup&limit=50`, undefined, adminToken);
    expect(audit.status).toBe(200);
    const entries = audit.body.items.map((e) => ({
      action: e.action,
      targetId: e.targetId,
      actor: e.actor?.subject,
      before: e.before,
      after: e.after,
    }));
    expect(entries).toHaveLength(3);
    expect(entries).toEqual(
      expect.arrayContaining([
        {
          action: 'makeup.settings',
          targetId: s2,
          actor: f.host.id,
          before: { enabled: true, share: 0.8, maxRate: 1.5, deadline: null },
          after: expect.objectContaining({ deadline: expect.any(String) }),
        },
        {
          action: 'makeup.settings',
          targetId: s1,
          actor: f.host.id,
          before: { enabled: true, share: THRESHOLD, maxRate: 1.5, deadline: null },
          after: { enabled: true, share: THRESHOLD, maxRate: 2, deadline: null },
        },
        { action: 'makeup.assign', targetId: s1, actor: f.host.id, before: null, after: { memberIds: [attendee.id] } },
      ]),
    );
  });

  it('holds the make-up quiz back while the recording is still being processed, not once it failed', async () => {
    // Nothing to watch yet, and it is not listed.
    expect(errorCode(await api(t, 'GET', study(s4), undefined, absent.token))).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
    const list = await api<StudyStatus[]>(t, 'GET', '/makeup/study', undefined, absent.token);
    expect(list.body.map((s) => s.sessionId)).toEqual([s1]);
    // The recording will be there to study: the quiz must not open before it was studied.
    const quiz = () => api<MakeupStatus>(t, 'GET', `/quiz/sessions/${s4}/makeup`, undefined, absent.token);
    expect((await quiz()).body).toMatchObject({ eligible: false, reason: 'study_incomplete' });
    expect(
      errorCode(await api(t, 'POST', `/quiz/sessions/${s4}/makeup/attempts`, undefined, absent.token)),
    ).toMatchObject({ status: 409 });
    // Once ready, the same.
    await recordingStore(t.app.ctx).update(s4Recording, { state: 'ready' });
    expect(await statusOf(absent, s4)).toMatchObject({ reason: 'absent', watchedMs: 0 });
    expect((await quiz()).body).toMatchObject({ eligible: false, reason: 'study_incomplete' });
    // A recording that failed has nothing to study: the quiz is not held back by it.
    await recordingStore(t.app.ctx).update(s4Recording, { state: 'failed' });
    expect((await quiz()).body).toMatchObject({ eligible: true, reason: null });
  });
});
