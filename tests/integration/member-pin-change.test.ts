import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

describe('a member changes the PIN from the slip', () => {
  let t: TestApp;
  let f: OrgFixture;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
    token = await loginToken(t, '/auth/member', { memberNumber: f.member.memberNumber, pin: f.member.pin });
  });
  afterAll(async () => t?.close());

  it('refuses a wrong current PIN, a weak or malformed new one, and other roles, changing nothing', async () => {
    const before = (
      await t.app.db.selectFrom('members').select('pin_hash').where('id', '=', f.member.id).executeTakeFirstOrThrow()
    ).pin_hash;
    const wrong = f.member.pin === '000000' ? '111111' : '000000';
    expect(await api(t, 'POST', '/auth/member/pin', { currentPin: wrong, newPin: '482913' }, token)).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED' } },
    });
    for (const newPin of ['111111', '123456', '12345', 'abcdef', f.member.pin]) {
      expect(await api(t, 'POST', '/auth/member/pin', { currentPin: f.member.pin, newPin }, token)).toMatchObject({
        status: 400,
        body: { error: { code: 'BAD_REQUEST' } },
      });
    }
    const hostToken = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
    expect(
      await api(t, 'POST', '/auth/member/pin', { currentPin: f.member.pin, newPin: '482913' }, hostToken),
    ).toMatchObject({ status: 403 });
    expect(await api(t, 'POST', '/auth/member/pin', { currentPin: f.member.pin, newPin: '482913' })).toMatchObject({
      status: 401,
    });
    const after = (
      await t.app.db.selectFrom('members').select('pin_hash').where('id', '=', f.member.id).executeTakeFirstOrThrow()
    ).pin_hash;
    expect(after).toBe(before);
  });

  it('the new PIN signs in and the slip’s PIN is refused', async () => {
    expect(
      (await api(t, 'POST', '/auth/member/pin', { currentPin: f.member.pin, newPin: '482913' }, token)).status,
    ).toBe(204);
    expect((await api(t, 'POST', '/auth/member', { memberNumber: f.member.memberNumber, pin: '482913' })).status).toBe(
      200,
    );
    expect(
      await api(t, 'POST', '/auth/member', { memberNumber: f.member.memberNumber, pin: f.member.pin }),
    ).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
  });
});
