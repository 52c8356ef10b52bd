import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Session, StudyProgress } from '@diem-cau/shared';
import { orgQueries } from '@diem-cau/server/src/domain/org/index.js';
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
import { enrolMember } from '../support/enrolMember.js';
import { adminToken, bringMembersIn, type HallMember } from '../support/hallMembers.js';
import { api } from '../support/http.js';
import { readyRecording } from '../support/recordingProbe.js';
import type { TestApp } from '../support/testApp.js';

/** Host media on air at least this long: the recording's content. */
const LIVE_MS = 8_000;
/** The session's attendance threshold (the fixture's default): the attendee must stay this share of it. */
const THRESHOLD = 0.8;

/** A day 30 days ahead as the Vietnamese UI writes it, and as the ISO day it stands for. */
function deadlineDay(): { dmy: string; iso: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).formatToParts(new Date(Date.now() + 30 * 86_400_000));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { dmy: `${get('day')}/${get('month')}/${get('year')}`, iso: `${get('year')}-${get('month')}-${get('day')}` };
}

/**
 * The make-up study UI (#11) on a real recording: the host's "Học bù" panel of the ended session
 * (settings saved and read back, progress with the absent member, an attendee assigned, a hall
 * make-up opened), and a paired TV on standby whose "Học bù tại hội trường" button opens the hall
 * make-up with its own credential and replays the recording.
 */
describe('make-up study UI: the host panel and the standby TV’s hall make-up', () => {
  let stage: BroadcastStage;
  let t: TestApp;
  let fx: BroadcastFixture;
  let browser: Browser;
  let contexts: BrowserContext[];
  let host: Page;
  let tv: Page;
  let admin: string;
  let absent: { id: string; memberNumber: string };
  let attendee: HallMember;
  let commune: string;

  const progress = async () =>
    (await api<StudyProgress>(t.url, 'GET', `/api/sessions/${fx.sessionId}/makeup-study`, fx.hostToken)).body;
  const row = (memberId: string) => host.locator(`[data-testid="makeup-member"][data-member="${memberId}"]`);

  beforeAll(async () => {
    stage = await startBroadcastStage(1);
    ({ t, fx, browser, contexts } = stage);
    admin = await adminToken(t);
    commune = (await orgQueries.communeOfEndpoint(t.app.db, fx.endpoints[0]!.id))!;
    absent = await enrolMember(t.url, admin, commune, 'Trần Thị Vắng Mặt');
  });
  afterAll(async () => {
    attendee?.socket.disconnect();
    await stage?.close();
  });

  it('records a short live session with the attendee in the hall, and makes it ready', async () => {
    // The hall's TV first, then a member checks in with the code it shows, as early as can be:
    // attending means present for the threshold share of the whole session.
    tv = await newPage(browser, contexts);
    await openEndpoint(tv, t.url, fx, fx.endpoints[0]!);
    const code = tv.getByTestId('checkin-code');
    await expect.poll(() => code.getAttribute('data-code'), { timeout: 15_000 }).toMatch(/\S/);
    const [member] = await bringMembersIn(t, {
      admin,
      sessionId: fx.sessionId,
      communeId: commune,
      endpointIds: [fx.endpoints[0]!.id],
      count: 1,
      codeOf: async () => (await code.getAttribute('data-code'))!,
    });
    attendee = member!;
    const checkedInAt = Date.now();
    host = await newPage(browser, contexts);
    await hostGoesLive(host, t.url, fx);
    const wentLive = Date.now();
    await expectDecoding(tv, HOST_CAMERA);
    const session = await api<Session>(t.url, 'GET', `/api/sessions/${fx.sessionId}`, fx.hostToken);
    const startedAt = Date.parse(session.body.startedAt!);
    // present / session ≥ threshold ⟺ end − check-in ≥ (check-in − start) × threshold / (1 − threshold).
    const attendedBy = checkedInAt + ((checkedInAt - startedAt) * THRESHOLD) / (1 - THRESHOLD) + 2_000;
    await host.waitForTimeout(Math.max(0, wentLive + LIVE_MS - Date.now(), attendedBy - Date.now()));
    await host.getByTestId('end-session').click();
    await expect
      .poll(() => host.getByTestId('host-console').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('ended');
    await readyRecording(t.url, fx.hostToken, fx.sessionId);
    // The hall's live TV is done: the same endpoint comes back below as a paired TV on standby.
    await tv.context().close();
  });

  it('the host saves the settings in the "Học bù" panel and reads them back after a reload', async () => {
    const panel = host.getByTestId('makeup-panel');
    await panel.waitFor({ timeout: 15_000 });
    // The console asks for the recordings every 5 s until they settle.
    await expect.poll(() => panel.getByTestId('makeup-not-ready').count(), { timeout: 15_000 }).toBe(0);
    const settings = panel.getByTestId('makeup-settings');
    expect(await settings.getByTestId('makeup-enabled').isChecked()).toBe(true);
    expect(await settings.getByTestId('makeup-share').inputValue()).toBe('80');
    expect(await settings.getByTestId('makeup-max-rate').inputValue()).toBe('1.5');
    expect(await settings.getByTestId('makeup-deadline').inputValue()).toBe('');

    const day = deadlineDay();
    await settings.getByTestId('makeup-share').fill('60');
    await settings.getByTestId('makeup-max-rate').selectOption('2');
    await settings.getByTestId('makeup-deadline').fill(day.dmy);
    await settings.getByTestId('makeup-save').click();
    await expect
      .poll(() => settings.getByTestId('makeup-settings-message').innerText())
      .toBe('Đã lưu thiết lập học bù.');

    await host.reload();
    const again = host.getByTestId('makeup-settings');
    await again.waitFor({ timeout: 15_000 });
    expect(await again.getByTestId('makeup-share').inputValue()).toBe('60');
    expect(await again.getByTestId('makeup-max-rate').inputValue()).toBe('2');
    expect(await again.getByTestId('makeup-deadline').inputValue()).toBe(day.dmy);
    // The deadline is the end of that day in Vietnam.
    expect((await progress()).settings).toEqual({
      enabled: true,
      share: 0.6,
      maxRate: 2,
      deadline: new Date(`${day.iso}T23:59:59.999+07:00`).toISOString(),
    });
  });

  it('lists the absent member with nothing watched, and the host assigns the attendee from the list', async () => {
    const panel = host.getByTestId('makeup-members');
    await expect.poll(() => row(absent.id).getAttribute('data-kind'), { timeout: 10_000 }).toBe('absent');
    expect(await row(absent.id).innerText()).toContain(absent.memberNumber);
    expect(await row(absent.id).getByTestId('makeup-watched').innerText()).toBe('0%');
    await expect.poll(() => row(attendee.id).getAttribute('data-kind')).toBe('attended');

    // Only those who attended live are offered; the search narrows to the attendee.
    await panel.getByTestId('makeup-filter').selectOption('attended');
    expect(await row(absent.id).count()).toBe(0);
    await panel.getByTestId('makeup-search').fill(attendee.memberNumber.toLowerCase());
    await expect.poll(() => panel.getByTestId('makeup-member').count()).toBe(1);
    await row(attendee.id).getByTestId('makeup-select').check();
    await panel.getByTestId('makeup-assign').click();
    await expect
      .poll(() => panel.getByTestId('makeup-assign-message').innerText())
      .toBe('Đã giao học bù cho 1 đảng viên.');

    // Reloaded from the server: now assigned, among those still to study.
    await panel.getByTestId('makeup-filter').selectOption('toStudy');
    await expect.poll(() => row(attendee.id).getAttribute('data-kind'), { timeout: 10_000 }).toBe('assigned');
    expect(await row(attendee.id).innerText()).toContain('Được giao học bù');
    expect((await progress()).members.find((m) => m.memberId === attendee.id)).toMatchObject({
      reason: 'assigned',
      completedAt: null,
    });
  });

  it('a paired TV on standby offers "Học bù tại hội trường"; pressed, it replays the recording', async () => {
    tv = await newPage(browser, contexts);
    await tv.goto(`${t.url}/endpoint/pair#key=${encodeURIComponent(fx.endpoints[0]!.key)}`);
    await tv.getByTestId('tv-standby').waitFor({ timeout: 15_000 });
    const button = tv.locator(`[data-testid="standby-makeup-open"][data-session="${fx.sessionId}"]`);
    await button.waitFor({ timeout: 15_000 });
    expect(await button.innerText()).toContain('Học bù tại hội trường: Học tập, quán triệt Nghị quyết Trung ương');
    await button.click();

    const replay = tv.getByTestId('hall-replay');
    await replay.waitFor({ timeout: 15_000 });
    expect(await replay.innerText()).toContain('Học bù tại điểm cầu');
    // The TV's side panels (check-in code) sit over the stage's edge: the button is pressed as a remote would.
    await replay.getByTestId('replay-play').dispatchEvent('click');
    const video = replay.getByTestId('replay-video');
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 15_000 })
      .toBeGreaterThan(1);
    const before = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 })
      .toBeGreaterThan(before + 1);

    // The operator ends it; the TV goes back to standby, which offers the make-up again.
    await replay.getByTestId('hall-end').dispatchEvent('click');
    await tv.getByTestId('tv-standby').waitFor({ timeout: 30_000 });
    await button.waitFor({ timeout: 15_000 });
  });

  it('the host opens a hall make-up for the endpoint from the panel; the paired TV joins it by itself', async () => {
    const hall = host.getByTestId('makeup-hall');
    await hall.getByTestId('makeup-hall-search').fill('xa so 1');
    await hall.getByTestId('makeup-hall-endpoint').selectOption(fx.endpoints[0]!.id);
    await hall.getByTestId('makeup-hall-open').click();
    const opened = hall.getByTestId('makeup-hall-opened');
    await opened.waitFor({ timeout: 10_000 });
    expect(await opened.innerText()).toContain(fx.endpoints[0]!.name);
    const hallSession = (await opened.getAttribute('data-session'))!;
    expect(hallSession).not.toBe(fx.sessionId);
    // The TV polls its standby every few seconds and goes into the live hall make-up.
    await tv.getByTestId('hall-replay').waitFor({ timeout: 20_000 });
    const shown = await api<{ sessionId: string }>(t.url, 'GET', `/api/makeup/halls/${hallSession}`, fx.hostToken);
    expect(shown.body.sessionId).toBe(hallSession);
  });
});
