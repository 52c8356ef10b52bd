import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Recording } from '@diem-cau/shared';
import type { BroadcastFixture } from '../support/broadcastFixture.js';
import {
  HOST_CAMERA,
  expectDecoding,
  hostGoesLive,
  newPage,
  openEndpoint,
  startBroadcastStage,
  type BroadcastStage,
} from '../support/broadcastPages.js';
import { orgQueries } from '@diem-cau/server/src/domain/org/index.js';
import { enrolMember } from '../support/enrolMember.js';
import { adminLogin } from '../support/hallMembers.js';
import { api } from '../support/http.js';
import { fetchRecordingFile, ffprobe, readyRecording } from '../support/recordingProbe.js';
import type { TestApp } from '../support/testApp.js';

/** At least 20 s live, as the issue asks. */
const LIVE_MS = 22_000;

describe('recording in Chromium: a host live with camera and screen share, then the replay', () => {
  let stage: BroadcastStage;
  let t: TestApp;
  let fx: BroadcastFixture;
  let browser: Browser;
  let contexts: BrowserContext[];
  let host: Page;
  let dir: string;
  let liveMs = 0;
  let recording: Recording;
  /** A member of an invited commune who never joins the live session: they have make-up study. */
  let absent: { id: string; memberNumber: string; pin: string };
  let admin: string;
  let adminCredentials: { username: string; password: string };
  let hallMemberId: string;
  let commune: string;

  beforeAll(async () => {
    stage = await startBroadcastStage(1);
    ({ t, fx, browser, contexts } = stage);
    dir = await mkdtemp(path.join(process.env.DIEMCAU_TEST_TMP ?? os.tmpdir(), 'rec-'));
    commune = (await orgQueries.communeOfEndpoint(t.app.db, fx.endpoints[0]!.id))!;
    const login = await adminLogin(t);
    admin = login.token;
    adminCredentials = login;
    absent = await enrolMember(t.url, admin, commune);
    // The make-up quiz the study unlocks needs a question in the bank.
    const question = await api(t.url, 'POST', `/api/quiz/sessions/${fx.sessionId}/questions`, fx.hostToken, {
      type: 'true_false',
      prompt: 'Nghị quyết được ban hành năm 2024?',
      correct: [0],
      timeLimitS: 30,
    });
    expect(question.status).toBe(201);
  });
  afterAll(async () => {
    await stage?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('records the live session on the defaults and makes it ready after the end', async () => {
    host = await newPage(browser, contexts);
    await hostGoesLive(host, t.url, fx);
    const wentLive = Date.now();
    const endpoint = await newPage(browser, contexts);
    await openEndpoint(endpoint, t.url, fx, fx.endpoints[0]!);
    await expectDecoding(endpoint, HOST_CAMERA);
    await host.getByTestId('share-screen').click();
    await expect
      .poll(() => host.getByTestId('share-screen').getAttribute('aria-pressed'), { timeout: 10_000 })
      .toBe('true');
    await host.waitForTimeout(Math.max(0, wentLive + LIVE_MS - Date.now()));
    await host.getByTestId('end-session').click();
    await expect
      .poll(() => host.getByTestId('host-console').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('ended');
    liveMs = Date.now() - wentLive;

    recording = await readyRecording(t.url, fx.hostToken, fx.sessionId);
    expect(recording.renditions.archive).not.toBeNull();
    expect(recording.renditions.phone).not.toBeNull();
    expect(recording.clips.filter((c) => c.track === 'screen')).toHaveLength(1);
    expect(recording.gaps).toEqual([]);
  });

  it('ffprobe: the stored archive has audio and video, and lasts the live time within 10 %', async () => {
    const archive = await ffprobe(await fetchRecordingFile(t.url, recording.renditions.archive!, dir, 'archive.webm'));
    console.info(`recording: live ${liveMs} ms, archive ${archive.durationMs} ms, stored ${recording.durationMs} ms`);
    expect(archive.streams.map((s) => s.kind).sort()).toEqual(['audio', 'video']);
    expect(archive.streams.find((s) => s.kind === 'video')!.codec).toBe('vp8');
    expect(archive.streams.find((s) => s.kind === 'audio')!.codec).toBe('opus');
    expect(Math.abs(archive.durationMs - liveMs) / liveMs).toBeLessThan(0.1);
    expect(Math.abs(recording.durationMs - liveMs) / liveMs).toBeLessThan(0.1);

    const phoneFile = await fetchRecordingFile(t.url, recording.renditions.phone!, dir, 'phone.webm');
    const phone = await ffprobe(phoneFile);
    expect(phone.streams.map((s) => s.kind).sort()).toEqual(['audio', 'video']);
    // The phone rendition is the host's middle layer as sent, no transcode: at most ~500 kbit/s with audio.
    const phoneKbps = ((await stat(phoneFile)).size * 8) / phone.durationMs;
    const height = (p: typeof phone) => p.streams.find((s) => s.kind === 'video')?.height;
    console.info(
      `recording: phone ${Math.round(phoneKbps)} kbit/s at ${height(phone)}p, archive at ${height(archive)}p`,
    );
    expect(phoneKbps).toBeLessThan(550);
    const screen = recording.clips.find((c) => c.track === 'screen')!;
    const clip = await ffprobe(await fetchRecordingFile(t.url, screen.url, dir, 'screen.webm'));
    expect(clip.streams.map((s) => s.kind)).toEqual(['video']);
    console.info(`recording: phone ${phone.durationMs} ms, screen clip ${clip.durationMs} ms at ${screen.atMs} ms`);
  });

  it('the replay page, reached from the host console, plays the recording with the slides beside the speaker', async () => {
    await host.getByTestId('recording-link').first().click();
    await expect
      .poll(() => host.getByTestId('replay-page').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('ready');
    const video = host.getByTestId('replay-video');
    await host.getByTestId('replay-play').click();
    const played = () =>
      video.evaluate((v: HTMLVideoElement) => ({ t: v.currentTime, w: v.videoWidth, paused: v.paused }));
    await expect.poll(async () => (await played()).t, { timeout: 10_000 }).toBeGreaterThan(2);
    const now = await played();
    expect(now.w).toBeGreaterThan(0);
    expect(now.paused).toBe(false);

    // Seekable: jump into the screen share; its clip shows large beside the speaker and plays in step.
    const screen = recording.clips.find((c) => c.track === 'screen')!;
    const into = Math.min(screen.atMs + 4_000, screen.atMs + screen.durationMs - 2_000) / 1000;
    await video.evaluate((v: HTMLVideoElement, s: number) => (v.currentTime = s), into);
    const clip = host.getByTestId('replay-screen');
    await expect.poll(() => clip.count(), { timeout: 5_000 }).toBe(1);
    await expect
      .poll(() => clip.evaluate((v: HTMLVideoElement) => v.videoWidth > 0 && !v.paused && v.currentTime > 0.5), {
        timeout: 10_000,
      })
      .toBe(true);
    const drift = await host.evaluate(() => {
      const main = document.querySelector<HTMLVideoElement>('[data-testid="replay-video"]')!;
      const side = document.querySelector<HTMLVideoElement>('[data-testid="replay-screen"]')!;
      return { main: main.currentTime, side: side.currentTime };
    });
    expect(Math.abs(drift.main - screen.atMs / 1000 - drift.side)).toBeLessThan(1);
    expect(await host.getByTestId('replay-page').innerText()).toContain('Tốc độ');
  });

  it('on a phone over a 1 Mbit/s link the replay starts on the phone rendition within seconds and plays without stalling', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    contexts.push(context);
    const phone = await context.newPage();
    const cdp = await context.newCDPSession(phone);
    await cdp.send('Network.enable');
    // 1 Mbit/s down and up, 100 ms of latency: a phone's mobile link in a commune.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 100,
      downloadThroughput: 125_000,
      uploadThroughput: 125_000,
    });
    await phone.goto(`${t.url}/replay/${recording.id}`);
    await phone.locator('input[name="username"]').fill(fx.hostLogin.username);
    await phone.locator('input[name="password"]').fill(fx.hostLogin.password);
    await phone.locator('form.staff-sign-in button[type="submit"]').click();
    const video = phone.getByTestId('replay-video');
    await video.waitFor({ timeout: 15_000 });
    await video.evaluate((v: HTMLVideoElement) => {
      const w = window as unknown as { stalls: number; playingAt: number | null };
      w.stalls = 0;
      w.playingAt = null;
      v.addEventListener('playing', () => (w.playingAt ??= performance.now()));
      v.addEventListener('waiting', () => {
        if (w.playingAt !== null) w.stalls += 1;
      });
    });
    const pressed = await phone.evaluate(() => performance.now());
    await phone.getByTestId('replay-play').click();
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 })
      .toBeGreaterThan(0.2);
    const startedMs = (await phone.evaluate(() => (window as unknown as { playingAt: number }).playingAt)) - pressed;
    expect(await video.evaluate((v: HTMLVideoElement) => v.currentSrc)).toContain('phone');
    // Ten seconds of playback over the link: the media keeps ahead of the playhead.
    await phone.waitForTimeout(10_000);
    const after = await video.evaluate((v: HTMLVideoElement) => ({
      t: v.currentTime,
      stalls: (window as unknown as { stalls: number }).stalls,
      buffered: v.buffered.length ? v.buffered.end(v.buffered.length - 1) : 0,
    }));
    console.info(
      `replay on 1 Mbit/s: playing ${Math.round(startedMs)} ms after the tap, ${after.t.toFixed(1)} s played, ` +
        `${after.buffered.toFixed(1)} s buffered, ${after.stalls} stalls`,
    );
    expect(after.stalls).toBe(0);
    expect(after.t).toBeGreaterThan(8);
    await context.close();
  });

  it('make-up study on a phone: only what was played counts (half, a seek to the end, a little), and completing unlocks the quiz', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    contexts.push(context);
    const phone = await context.newPage();
    await phone.goto(`${t.url}/member`);
    await phone.getByTestId('member-number').fill(absent.memberNumber);
    await phone.getByTestId('member-pin').fill(absent.pin);
    await phone.getByTestId('member-sign-in').click();
    const item = phone.getByTestId('study-list').getByTestId('study-item');
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(1);
    expect(await phone.getByTestId('study-list').innerText()).toContain('Học bù');
    await item.getByTestId('study-open').click();
    await phone.getByTestId('study-page').waitFor();

    const video = phone.getByTestId('replay-video');
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(await phone.getByTestId('replay-player').getAttribute('data-quality')).toBe('phone');
    const durationS = await video.evaluate((v: HTMLVideoElement) => v.duration);
    const time = () => video.evaluate((v: HTMLVideoElement) => v.currentTime);
    const watchedMs = async () => Number(await phone.getByTestId('study-progress').getAttribute('data-watched-ms'));

    // Play the first half.
    await phone.getByTestId('replay-play').click();
    await expect.poll(time, { timeout: 30_000, interval: 100 }).toBeGreaterThan(durationS / 2);
    const firstHalf = await time();
    // Seek to 3 s before the end and play to the end.
    const seekTo = durationS - 3;
    await video.evaluate((v: HTMLVideoElement, s: number) => (v.currentTime = s), seekTo);
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.ended), { timeout: 15_000 }).toBe(true);
    const played = (firstHalf + (durationS - seekTo)) * 1000;
    // The end's beat is the last one: wait until what is credited stops moving.
    await expect.poll(watchedMs, { timeout: 10_000 }).toBeGreaterThan(0);
    await phone.waitForTimeout(1_000);
    const credited = await watchedMs();
    console.info(
      `make-up: played ${Math.round(played)} ms of ${Math.round(durationS * 1000)}, credited ${credited} ms`,
    );
    // Within a heartbeat; the seek skipped several seconds, which must not count.
    expect(Math.abs(credited - played)).toBeLessThan(5_000);
    expect(credited).toBeLessThan(played + 1_500);
    expect(await phone.getByTestId('study-completed').count()).toBe(0);

    // The make-up quiz is held back until the study is complete.
    const token = await phone.evaluate(() => JSON.parse(sessionStorage.getItem('diem-cau.member')!).token as string);
    const locked = await api<{ eligible: boolean; reason: string }>(
      t.url,
      'GET',
      `/api/quiz/sessions/${fx.sessionId}/makeup`,
      token,
    );
    expect(locked.body).toMatchObject({ eligible: false, reason: 'study_incomplete' });

    // Watch the skipped part at 1.5× (the limit still counts) and study is complete.
    await video.evaluate(
      (v: HTMLVideoElement, s: number) => {
        v.playbackRate = 1.5;
        v.currentTime = s;
        void v.play();
      },
      Math.max(0, firstHalf - 1),
    );
    await phone.getByTestId('study-completed').waitFor({ timeout: 20_000 });
    console.info(`make-up: completed with ${await watchedMs()} ms credited`);
    await phone.getByTestId('study-quiz-link').click();
    await phone.getByTestId('makeup-quiz').getByTestId('makeup-start').waitFor({ timeout: 10_000 });
  });

  it('a hall make-up: the TV replays the recording, a member checks in with its code, stays, and is credited', async () => {
    const hallMember = await enrolMember(t.url, admin, commune, 'Lê Văn Trong Hội Trường');
    hallMemberId = hallMember.id;
    const opened = await api<{ sessionId: string }>(t.url, 'POST', '/api/makeup/halls', fx.hostToken, {
      sessionId: fx.sessionId,
      endpointId: fx.endpoints[0]!.id,
    });
    expect(opened.status).toBe(200);
    const tv = await newPage(browser, contexts);
    await openEndpoint(tv, t.url, { ...fx, sessionId: opened.body.sessionId }, fx.endpoints[0]!);
    const replay = tv.getByTestId('hall-replay');
    await replay.waitFor({ timeout: 10_000 });
    // The TV's side panels (check-in code) sit over the stage's edge: the button is pressed as a remote would.
    await replay.getByTestId('replay-play').dispatchEvent('click');
    const tvVideo = replay.getByTestId('replay-video');
    await expect
      .poll(() => tvVideo.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 })
      .toBeGreaterThan(1);

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    contexts.push(context);
    const phone = await context.newPage();
    await phone.goto(`${t.url}/member?session=${opened.body.sessionId}`);
    await phone.getByTestId('member-number').fill(hallMember.memberNumber);
    await phone.getByTestId('member-pin').fill(hallMember.pin);
    await phone.getByTestId('member-sign-in').click();
    await phone.getByTestId('member-checkin').waitFor();
    const code = await tv.getByTestId('checkin-code').getAttribute('data-code');
    await phone.getByTestId('checkin-code-input').fill(code!);
    await phone.getByTestId('checkin-submit').click();
    await phone.getByTestId('checked-in').waitFor({ timeout: 10_000 });

    // Stay for the share the session asks (80 % of the recording), then the operator ends it.
    await tv.waitForTimeout(Math.ceil(recording.durationMs * 0.8) + 1_500);
    await replay.getByTestId('hall-end').dispatchEvent('click');
    const progress = () =>
      api<{ members: { memberId: string; completedAt: string | null }[] }>(
        t.url,
        'GET',
        `/api/sessions/${fx.sessionId}/makeup-study`,
        fx.hostToken,
      );
    await expect
      .poll(
        async () => (await progress()).body.members.find((m) => m.memberId === hallMember.id)?.completedAt ?? null,
        {
          timeout: 10_000,
        },
      )
      .not.toBeNull();
  });

  it('the reports dashboard tells per cell and per member: made up alone, made up in a hall, absent', async () => {
    const page = await newPage(browser, contexts);
    await page.goto(`${t.url}/admin`);
    await page.getByLabel('Tên đăng nhập').fill(adminCredentials.username);
    await page.getByLabel('Mật khẩu').fill(adminCredentials.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('select[name="session"]').selectOption(fx.sessionId);
    const panel = page.getByTestId('report-participation');
    await panel.waitFor({ timeout: 15_000 });
    // Each enrolled member sits alone in a new cell: the counts of that cell say how they took part.
    const cellOf = async (memberId: string) => {
      const places = await orgQueries.memberPlaces(t.app.db, [memberId]);
      return panel.locator(`[data-testid="participation-cell"][data-cell="${places[0]!.cellName}"]`);
    };
    const counts = async (memberId: string) => (await cellOf(memberId)).locator('td').allInnerTexts();
    // Columns: live, make-up alone, make-up in a hall, absent.
    await expect.poll(() => counts(absent.id)).toEqual(['0', '1', '0', '0']);
    expect(await counts(hallMemberId)).toEqual(['0', '0', '1', '0']);
    await (await cellOf(hallMemberId)).getByRole('button').click();
    const listed = page.getByTestId('participation-members').getByTestId('participation-member');
    await expect.poll(() => listed.getAttribute('data-participation')).toBe('makeup_hall');
    expect(await listed.innerText()).toContain('Học bù tại điểm cầu');
    // Those neither live nor made up are the ones still to study: neither cell is among them.
    const stillToStudy = await page.getByTestId('report-absentees').innerText();
    for (const id of [absent.id, hallMemberId])
      expect(stillToStudy).not.toContain((await orgQueries.memberPlaces(t.app.db, [id]))[0]!.cellName);
  });
});
