import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Question } from '@diem-cau/shared';
import { createBroadcastFixture, type BroadcastFixture } from '../support/broadcastFixture.js';
import { adminToken, bringMembersIn, type HallMember } from '../support/hallMembers.js';
import { api } from '../support/http.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { fillDisk } from '../support/fullDisk.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { uploadFile } from '../support/upload.js';

/** The data disk: a small tmpfs, so filling it takes a moment (its reserve is a tenth of it). */
const DISK_MB = 64;
const MB = 1024 * 1024;

/**
 * The fault campaign's full disk: the data disk fills up while an organisation file is being
 * imported. The import stops with STORAGE_FULL and leaves nothing behind; while the disk is short
 * of its reserve every upload is refused up front; the live session's quiz and check-ins go on
 * (the reserve is theirs); once space is freed the same import works without a restart.
 */
describe('the disk full while importing', () => {
  const mount = mkdtempSync(path.join(os.tmpdir(), 'diem-cau-disk-'));
  let mounted = false;
  let t: TestApp;
  let fx: BroadcastFixture;
  let admin: string;
  let host: TestSocket;
  const endpoints: TestSocket[] = [];
  const members: HallMember[] = [];
  const dataDir = path.join(mount, 'data');
  const uploadsTmp = path.join(dataDir, 'uploads-tmp');

  const unitCount = async () =>
    Number(
      (
        await t.app.db
          .selectFrom('org_units')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  let districtCode: string;
  const unitsCsv = (rows: number, from = 0) =>
    Array.from({ length: rows }, (_, i) => `X-DF-${from + i},Xã Thử ${from + i},Xã,${districtCode}`);

  beforeAll(async () => {
    // As root (the set-up and CI run as root): a disk of its own that the test can fill.
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_MB}m`, 'tmpfs', mount]);
    mounted = true;
    mkdirSync(dataDir);
    t = await startTestApp({ DATA_DIR: dataDir });
    fx = await createBroadcastFixture(t, 2);
    await fx.start();
    districtCode = (
      await t.app.db.selectFrom('org_units').select('code').where('kind', '=', 'district').executeTakeFirstOrThrow()
    ).code;
    for (const e of fx.endpoints) {
      const s = await connectSocket(t.url, { token: e.token });
      const joined = await s.emitWithAck('session:join', { sessionId: fx.sessionId });
      if (!joined.ok) throw new Error(`endpoint join refused: ${joined.error.code}`);
      endpoints.push(s);
    }
    admin = await adminToken(t);
    const codeOf = async (endpointId: string) => {
      const shown = await endpoints[fx.endpoints.findIndex((e) => e.id === endpointId)]!.emitWithAck(
        'checkin:currentCode',
        {},
      );
      if (!shown.ok) throw new Error(`no code: ${shown.error.code}`);
      return shown.data.code;
    };
    for (const e of fx.endpoints) {
      const row = await t.app.db
        .selectFrom('endpoints')
        .select('unit_id')
        .where('id', '=', e.id)
        .executeTakeFirstOrThrow();
      members.push(
        ...(await bringMembersIn(t, {
          admin,
          sessionId: fx.sessionId,
          communeId: row.unit_id,
          endpointIds: [e.id],
          count: 3,
          codeOf,
        })),
      );
    }
    host = await connectSocket(t.url, { token: fx.hostToken });
    const joined = await host.emitWithAck('session:join', { sessionId: fx.sessionId });
    if (!joined.ok) throw new Error(`host join refused: ${joined.error.code}`);
  }, 120_000);

  afterAll(async () => {
    for (const s of [host, ...endpoints, ...members.map((m) => m.socket)]) s?.close();
    await t?.close();
    if (mounted) execFileSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
  });

  it('an import that fills the disk as it arrives stops with STORAGE_FULL and leaves no file behind', async () => {
    const before = await unitCount();
    const boundary = 'diemcau-disk-full';
    // A chunked body (no Content-Length), as a slow client or a proxy sends it.
    const req = http.request(`${t.url}/api/org/import/units`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
    });
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="units.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    );
    req.write(`Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên\r\n${unitsCsv(1000).join('\r\n')}\r\n`);
    await expect.poll(() => readdirSync(uploadsTmp).length, { timeout: 10_000 }).toBeGreaterThan(0);

    // Something else takes the disk's last byte while the file is arriving.
    fillDisk(path.join(mount, 'other-writer'), 0);
    const line = `${unitsCsv(1, 5000)[0]}\r\n`.repeat(2000);
    for (let i = 0; i < 20 && !req.destroyed; i++) await new Promise<void>((r) => req.write(line, () => r()));
    req.end(`\r\n--${boundary}--\r\n`);
    const res = await answered;
    rmSync(path.join(mount, 'other-writer'));

    expect(res.status).toBe(507);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'STORAGE_FULL' } });
    expect(res.body).not.toMatch(/ENOSPC|\/tmp|diem-cau-disk/);
    await expect.poll(() => readdirSync(uploadsTmp), { timeout: 5_000 }).toEqual([]);
    expect(await unitCount()).toBe(before);
  });

  it('while the disk is short of its reserve every upload is refused up front; the quiz and check-ins go on', async () => {
    const question = await api<Question>(t.url, 'POST', `/api/quiz/sessions/${fx.sessionId}/questions`, fx.hostToken, {
      type: 'true_false',
      prompt: 'Nghị quyết được ban hành năm 2025?',
      correct: [0],
      timeLimitS: 120,
    });
    expect(question.status).toBe(201);
    // A tenth of the disk is kept for the evidence store; leave less than that free.
    fillDisk(path.join(mount, 'recordings'), 3 * MB);
    const before = await unitCount();

    const csv = `Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên\r\n${unitsCsv(3, 9000).join('\r\n')}\r\n`;
    const refusals = [
      await uploadFile(t, '/org/import/units', csv, 'units.csv', admin, 'text/csv'),
      await uploadFile(t, `/sessions/${fx.sessionId}/documents?kind=resolution`, '%PDF-1.4\n%%EOF\n', 'nq.pdf', admin),
      await uploadFile(t, `/quiz/sessions/${fx.sessionId}/questions/import`, 'Câu hỏi\r\nA?\r\n', 'q.csv', admin),
    ];
    for (const r of refusals) expect(r).toMatchObject({ status: 507, body: { error: { code: 'STORAGE_FULL' } } });
    expect(await unitCount()).toBe(before);
    expect(readdirSync(uploadsTmp)).toEqual([]);

    // The live session is not touched: the hall answers, and every answer is stored.
    const run = await host.emitWithAck('quiz:launch', { questionId: question.body.id });
    if (!run.ok) throw new Error(`launch refused: ${run.error.code}`);
    const acks = await Promise.all(
      members.map((m) => m.socket.emitWithAck('quiz:answer', { runId: run.data.runId, answer: { choice: [0] } })),
    );
    expect(acks.filter((a) => !a.ok)).toEqual([]);
    const stored = await t.app.db
      .selectFrom('quiz_answers')
      .select('member_id')
      .where('run_id', '=', run.data.runId)
      .execute();
    expect(stored.map((s) => s.member_id).sort()).toEqual(members.map((m) => m.id).sort());
    // A member moving to the other hall checks in there.
    const mover = members[0]!;
    const other = endpoints[fx.endpoints.findIndex((e) => e.id !== mover.endpointId)]!;
    const code = await other.emitWithAck('checkin:currentCode', {});
    if (!code.ok) throw new Error('no code');
    expect((await mover.socket.emitWithAck('checkin:submit', { code: code.data.code })).ok).toBe(true);
    const intervals = await t.app.db
      .selectFrom('attendance_intervals')
      .select('endpoint_id')
      .where('session_id', '=', fx.sessionId)
      .where('ended_at', 'is', null)
      .execute();
    expect(intervals.map((i) => i.endpoint_id).sort()).toEqual(fx.endpoints.map((e) => e.id).sort());
  });

  it('once space is freed the same import works, without a restart', async () => {
    rmSync(path.join(mount, 'recordings'));
    const before = await unitCount();
    const csv = `Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên\r\n${unitsCsv(3, 9000).join('\r\n')}\r\n`;
    const res = await uploadFile(t, '/org/import/units', csv, 'units.csv', admin, 'text/csv');
    expect(res.status).toBe(200);
    expect(await unitCount()).toBe(before + 3);
  });
});
