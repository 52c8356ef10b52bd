import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { MakeupList, Question } from '@diem-cau/shared';
import { sessionService } from '@diem-cau/server/src/domain/sessions/index.js';
import { launchChromium } from '../support/browser.js';
import { api, loginToken } from '../support/orgFixture.js';
import { buildQuizFixture, createQuestion, type QuizFixture } from '../support/quizFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/**
 * In Chromium: the host reorders the question bank with the panel's buttons (the order is stored);
 * after the session, a member who never checked in finds the make-up quiz on the member page of a
 * phone, takes it to the end and sees the score, until the attempt limit stops a further attempt.
 */
describe('quiz bank order and make-up quiz in Chromium', () => {
  let t: TestApp;
  let f: QuizFixture;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const prompts = ['Câu hỏi thứ nhất', 'Câu hỏi thứ hai', 'Câu hỏi thứ ba'];

  async function newPage(viewport?: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext(viewport ? { viewport, isMobile: true, hasTouch: true } : {});
    contexts.push(context);
    return context.newPage();
  }
  const storedOrder = async () =>
    (await api<Question[]>(t, 'GET', `/quiz/sessions/${f.sessionId}/questions`, undefined, f.hostToken)).body.map(
      (q) => q.prompt,
    );

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildQuizFixture(t);
    await createQuestion(t, f, {
      type: 'single',
      prompt: prompts[0]!,
      options: ['Đúng', 'Sai'],
      correct: [0],
      timeLimitS: 30,
    });
    await createQuestion(t, f, {
      type: 'short',
      prompt: prompts[1]!,
      accepted: ['Đổi mới'],
      timeLimitS: 30,
      explanation: 'Đường lối Đổi mới từ năm 1986.',
    });
    await createQuestion(t, f, { type: 'true_false', prompt: prompts[2]!, correct: [0], timeLimitS: 30 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('the host moves questions up and down in the bank, and the new order is stored', async () => {
    const host = await newPage();
    await host.goto(`${t.url}/host?session=${f.sessionId}`);
    await host.getByLabel('Tên đăng nhập').fill(f.org.host.username);
    await host.getByLabel('Mật khẩu').fill(f.org.host.password);
    await host.getByRole('button', { name: 'Đăng nhập' }).click();
    const bank = host.getByTestId('quiz-bank');
    const shown = () => bank.locator(':scope > li').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
    await expect.poll(async () => (await shown()).length).toBe(3);
    // The first cannot go up, the last cannot go down.
    expect(await bank.getByTestId('quiz-move-up').first().isDisabled()).toBe(true);
    expect(await bank.getByTestId('quiz-move-down').last().isDisabled()).toBe(true);

    await bank.getByTestId('quiz-move-down').first().click(); // 1 2 3 → 2 1 3
    await expect
      .poll(async () => (await shown()).map((text) => prompts.findIndex((p) => text.includes(p))))
      .toEqual([1, 0, 2]);
    expect(await storedOrder()).toEqual([prompts[1], prompts[0], prompts[2]]);

    await bank.getByTestId('quiz-move-up').last().click(); // 2 1 3 → 2 3 1
    await expect
      .poll(async () => (await shown()).map((text) => prompts.findIndex((p) => text.includes(p))))
      .toEqual([1, 2, 0]);
    expect(await storedOrder()).toEqual([prompts[1], prompts[2], prompts[0]]);
  });

  it('a member who missed the session takes the make-up quiz on the phone, sees the score, and the attempt limit holds', async () => {
    await sessionService(t.app.ctx).end({ subject: f.org.host.id, role: 'host' }, f.sessionId);
    expect(
      (await api(t, 'PUT', `/quiz/sessions/${f.sessionId}/settings`, { makeupMaxAttempts: 1 }, f.hostToken)).status,
    ).toBe(200);

    const phone = await newPage({ width: 360, height: 740 });
    await phone.goto(`${t.url}/member`);
    await phone.getByTestId('member-number').fill(f.org.member.memberNumber);
    await phone.getByTestId('member-pin').fill(f.org.member.pin);
    await phone.getByTestId('member-sign-in').click();

    // The member page lists the session whose make-up quiz is open to this member.
    const list = phone.getByTestId('makeup-list');
    await list.waitFor();
    expect(await list.innerText()).toContain('Đã làm 0/1 lần');
    await list.getByRole('button', { name: 'Làm bài kiểm tra bù' }).click();
    expect(new URL(phone.url()).searchParams.get('makeup')).toBe(f.sessionId);

    const quiz = phone.getByTestId('makeup-quiz');
    await quiz.getByTestId('makeup-start').click();
    // Order as the host left it: thứ hai (short), thứ ba (true/false), thứ nhất (single).
    await expect.poll(() => quiz.innerText()).toContain('Câu 1/3');
    expect(await quiz.innerText()).toContain(prompts[1]);
    await quiz.getByTestId('quiz-text').fill('doi moi');
    await quiz.getByTestId('quiz-send').click();
    // While attempts remain the answer is only recorded: no right/wrong, no explanation.
    await expect.poll(() => quiz.innerText()).toContain('Đã ghi nhận câu trả lời');
    expect(await quiz.innerText()).not.toContain('Đường lối Đổi mới từ năm 1986.');
    await quiz.getByRole('button', { name: 'Câu tiếp theo' }).click();

    await expect.poll(() => quiz.innerText()).toContain('Câu 2/3');
    await quiz.getByTestId('quiz-choice-1').click(); // "Sai": wrong
    await expect.poll(() => quiz.innerText()).toContain('Câu tiếp theo');
    await quiz.getByRole('button', { name: 'Câu tiếp theo' }).click();

    await expect.poll(() => quiz.innerText()).toContain('Câu 3/3');
    await quiz.getByTestId('quiz-choice-0').click();
    await quiz.getByTestId('makeup-finish').click();

    const result = quiz.getByTestId('makeup-result');
    await result.waitFor();
    expect(await result.innerText()).toBe('Kết quả: đúng 2/3 câu, 2000 điểm');
    // The limit is shown, and no further attempt is offered.
    await expect.poll(() => quiz.getByTestId('makeup-attempts').innerText()).toBe('Đã làm 1/1 lần');
    expect(await quiz.innerText()).toContain('Bạn đã dùng hết số lần làm bài.');
    expect(await quiz.innerText()).toContain('Lần 1: đúng 2 câu, 2000 điểm');
    expect(await quiz.getByTestId('makeup-start').count()).toBe(0);
    await phone.screenshot({ path: `${process.env.DIEMCAU_TEST_TMP ?? '/tmp'}/quiz-makeup-phone.png`, fullPage: true });

    // Enforced by the server, not only hidden: another attempt is refused.
    const token = await loginToken(t, '/auth/member', {
      memberNumber: f.org.member.memberNumber,
      pin: f.org.member.pin,
    });
    const again = await api<{ error: { code: string } }>(
      t,
      'POST',
      `/quiz/sessions/${f.sessionId}/makeup/attempts`,
      undefined,
      token,
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    const listed = await api<MakeupList>(t, 'GET', '/quiz/makeup', undefined, token);
    expect(listed.body).toEqual([
      expect.objectContaining({ sessionId: f.sessionId, eligible: false, reason: 'no_attempts_left' }),
    ]);

    // Back on the list, the session stays visible with the limit reached.
    await phone.getByTestId('makeup-back').click();
    await expect.poll(() => phone.getByTestId('makeup-list').innerText()).toContain('Đã làm 1/1 lần');
  });
});
