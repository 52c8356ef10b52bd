import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import {
  addCheckedInMembers,
  buildQuizFixture,
  createQuestion,
  type QuizFixture,
  type QuizMember,
} from '../support/quizFixture.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/**
 * The quiz in Chromium: the host launches a question from the console, the endpoint TV shows it
 * large, a member on a phone-sized page (signed in with number and PIN, checked in with the TV's
 * code) answers it, as do three more members over plain Socket.IO connections; the host reveals,
 * the TV and the phone show the distribution, and the host sees the leaderboard.
 */
describe('quiz end to end in Chromium', () => {
  let t: TestApp;
  let f: QuizFixture;
  let browser: Browser;
  let members: QuizMember[];
  const contexts: BrowserContext[] = [];
  const sockets: TestSocket[] = [];
  const others: TestSocket[] = [];

  async function newPage(viewport?: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext(viewport ? { viewport, isMobile: true, hasTouch: true } : {});
    contexts.push(context);
    return context.newPage();
  }

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildQuizFixture(t);
    members = await addCheckedInMembers(t, f, 3, [f.org.endpoints.a1]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const s of [...sockets, ...others]) s.close();
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('host launches, the endpoint shows the question then the distribution, the host sees the leaderboard', async () => {
    const question = await createQuestion(t, f, {
      type: 'single',
      prompt: 'Nghị quyết xác định mấy nhiệm vụ trọng tâm?',
      options: ['Ba', 'Sáu', 'Mười hai'],
      correct: [1],
      timeLimitS: 120,
      explanation: 'Sáu nhiệm vụ trọng tâm.',
    });

    const host = await newPage();
    await host.goto(`${t.url}/host?session=${f.sessionId}`);
    await host.getByLabel('Tên đăng nhập').fill(f.org.host.username);
    await host.getByLabel('Mật khẩu').fill(f.org.host.password);
    await host.getByRole('button', { name: 'Đăng nhập' }).click();
    await host.getByTestId('host-quiz').waitFor();
    await expect.poll(() => host.getByTestId('quiz-bank').innerText()).toContain(question.prompt);

    const tv = await newPage({ width: 1280, height: 720 });
    await tv.goto(`${t.url}/endpoint?session=${f.sessionId}&key=${encodeURIComponent(f.org.keys.a1)}`);
    await tv.getByRole('button', { name: 'Vào hội nghị' }).click();
    await tv.getByTestId('endpoint-screen').waitFor();

    // The phone: sign in, check in at A1 with the code the endpoint shows.
    const phone = await newPage({ width: 360, height: 740 });
    await phone.goto(`${t.url}/member?session=${f.sessionId}`);
    await phone.getByTestId('member-number').fill(f.org.member.memberNumber);
    await phone.getByTestId('member-pin').fill(f.org.member.pin);
    await phone.getByTestId('member-sign-in').click();
    await phone.getByTestId('member-checkin').waitFor();
    const screenSocket = await connectSocket(t.url, { token: f.endpointTokens.a1 });
    others.push(screenSocket);
    expect((await screenSocket.emitWithAck('session:join', { sessionId: f.sessionId })).ok).toBe(true);
    const code = await screenSocket.emitWithAck('checkin:currentCode', {});
    if (!code.ok) throw new Error(`checkin:currentCode refused: ${code.error.code}`);
    await phone.getByTestId('checkin-code-input').fill(code.data.code);
    await phone.getByTestId('checkin-submit').click();
    await expect.poll(() => phone.getByTestId('member-checkin').getAttribute('data-state')).toBe('checked-in');
    await expect.poll(() => phone.getByTestId('member-quiz').getAttribute('data-state')).toBe('waiting');

    for (const m of members) {
      const socket = await connectSocket(t.url, { token: m.token });
      sockets.push(socket);
      expect((await socket.emitWithAck('session:join', { sessionId: f.sessionId })).ok).toBe(true);
    }
    const questionOnPhones = Promise.all(
      sockets.map((s) => new Promise<string>((resolve) => s.once('quiz:question', (run) => resolve(run.runId)))),
    );

    await host.getByTestId('quiz-launch').first().click();
    await expect
      .poll(() =>
        tv
          .getByTestId('quiz-prompt')
          .innerText()
          .catch(() => ''),
      )
      .toBe(question.prompt);
    await expect.poll(() => tv.getByTestId('endpoint-quiz').getAttribute('data-state')).toBe('open');
    expect(await tv.getByTestId('quiz-countdown').innerText()).toMatch(/^Còn \d+ giây$/);
    expect(await tv.getByTestId('endpoint-quiz').innerText()).toContain('B. Sáu');

    // The phone shows the question with the server's countdown and takes one tap.
    await expect.poll(() => phone.getByTestId('member-quiz').getAttribute('data-state')).toBe('open');
    expect(await phone.getByTestId('member-quiz').innerText()).toContain(question.prompt);
    await phone.getByTestId('quiz-choice-1').click();
    await phone.getByTestId('quiz-sent').waitFor();

    const [runId] = await questionOnPhones;
    const choices = [1, 1, 0];
    for (const [i, socket] of sockets.entries()) {
      expect(
        await socket.emitWithAck('quiz:answer', { runId: runId!, answer: { choice: [choices[i]!] } }),
      ).toMatchObject({ ok: true });
    }
    // The host sees the live distribution before the reveal.
    await expect
      .poll(
        () =>
          host
            .getByTestId('quiz-distribution')
            .getAttribute('data-total')
            .catch(() => null),
        { timeout: 10_000 },
      )
      .toBe('4');

    await host.getByTestId('quiz-reveal').click();
    await expect.poll(() => tv.getByTestId('endpoint-quiz').getAttribute('data-state')).toBe('revealed');
    const dist = tv.getByTestId('quiz-distribution');
    expect(await dist.getAttribute('data-total')).toBe('4');
    expect(await dist.locator('li').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-count')))).toEqual([
      '1',
      '3',
      '0',
    ]);
    expect(await tv.getByTestId('endpoint-quiz').innerText()).toContain('Sáu nhiệm vụ trọng tâm.');

    // The phone: right, its points, the correct answer and the same distribution.
    await expect.poll(() => phone.getByTestId('member-quiz').getAttribute('data-state')).toBe('revealed');
    // The phone fetches its own result with up to 1.5 s of jitter after the reveal (a hall does not ask at once).
    await expect.poll(() => phone.getByTestId('quiz-result').innerText(), { timeout: 5_000 }).toContain('Chính xác!');
    expect(await phone.getByTestId('quiz-distribution').getAttribute('data-total')).toBe('4');
    await expect
      .poll(() =>
        phone
          .getByTestId('quiz-total')
          .innerText()
          .catch(() => ''),
      )
      .toMatch(/^Tổng điểm: [\d.]+$/);
    await phone.screenshot({ path: `${process.env.DIEMCAU_TEST_TMP ?? '/tmp'}/quiz-phone.png`, fullPage: true });

    const board = host.getByTestId('quiz-leaderboard');
    await board.waitFor();
    await expect.poll(() => host.getByTestId('quiz-board-members').locator('tbody tr').count()).toBe(4);
    expect(await host.getByTestId('quiz-board-members').innerText()).toContain('Nguyễn Văn Thử');
    expect(await host.getByTestId('quiz-board-endpoints').innerText()).toContain('Điểm cầu A1');

    // Shown on the TV only once the host chooses to.
    expect(await tv.getByTestId('quiz-leaderboard').count()).toBe(0);
    await host.getByTestId('quiz-show-board').check();
    await tv.getByTestId('quiz-leaderboard').waitFor();
    expect(await tv.getByTestId('quiz-board-endpoints').innerText()).toContain('Điểm cầu A1');
    await tv.screenshot({ path: `${process.env.DIEMCAU_TEST_TMP ?? '/tmp'}/quiz-endpoint.png` });
    await host.screenshot({ path: `${process.env.DIEMCAU_TEST_TMP ?? '/tmp'}/quiz-host.png`, fullPage: true });
  });
});
