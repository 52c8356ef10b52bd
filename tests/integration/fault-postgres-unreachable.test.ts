import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ErrorBody, Member } from '@diem-cau/shared';
import { api, buildOrgFixture, loginToken } from '../support/orgFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { releaseTestStore, testStoreKind, withTestStore } from '../support/testStore.js';

/** A TCP hop between the app and PostgreSQL that the test can cut (connections dropped, port closed) and restore. */
class CuttableLink {
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();
  port = 0;

  constructor(target: { host: string; port: number }) {
    this.#server = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
  }

  async open(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.#server.address() as AddressInfo).port;
  }

  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const s of this.#sockets) s.destroy();
    await closed;
  }
}

/**
 * The fault campaign on the PostgreSQL store: the database server becomes unreachable (its
 * connections dropped mid-session, new ones refused) and comes back. Reads and writes answer a coded
 * UNAVAILABLE with Retry-After — never INTERNAL, never the driver's text — and nothing is written
 * halfway; once it is back the same server takes the same request, without a restart.
 */
describe.skipIf(testStoreKind !== 'postgres')('the PostgreSQL server unreachable for a while', () => {
  const dataDir = mkdtempSync(path.join(process.env.DIEMCAU_TEST_TMP ?? os.tmpdir(), 'pg-fault-'));
  let t: TestApp | undefined;
  let link: CuttableLink | undefined;

  afterAll(async () => {
    await t?.close();
    await link?.cut().catch(() => undefined);
    await releaseTestStore(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers UNAVAILABLE while it is gone and serves the same request once it is back', async () => {
    const direct = new URL((await withTestStore({ DATA_DIR: dataDir })).DATABASE_URL!);
    link = new CuttableLink({ host: direct.hostname, port: Number(direct.port) });
    await link.open();
    const proxied = new URL(direct);
    proxied.port = String(link.port);
    t = await startTestApp({ DATABASE_URL: proxied.toString() });
    const f = await buildOrgFixture(t);
    const admin = await loginToken(t, '/auth/login', { username: f.admin.username, password: f.admin.password });
    const { cell_id: cellId } = await t.app.ctx.db
      .selectFrom('members')
      .select('cell_id')
      .where('id', '=', f.member.id)
      .executeTakeFirstOrThrow();
    const body = {
      cellId,
      fullName: 'Nguyễn Văn Mới',
      memberNumber: `N${randomUUID().slice(0, 8)}`,
      gender: 'male',
      birthYear: 1980,
    };

    await link.cut();
    const created = await api<{ error: ErrorBody }>(t, 'POST', '/org/members', body, admin);
    expect(created.status).toBe(503);
    expect(created.body.error.code).toBe('UNAVAILABLE');
    expect(JSON.stringify(created.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres|terminated/i);
    const listed = await api<{ error: ErrorBody }>(t, 'GET', '/org/members?q=nguyen', undefined, admin);
    expect(listed.status).toBe(503);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(503);

    await link.open();
    const again = await api<Member>(t, 'POST', '/org/members', body, admin);
    expect(again.status).toBe(201);
    const stored = await t.app.ctx.db
      .selectFrom('members')
      .select('id')
      .where('member_number', '=', body.memberNumber)
      .execute();
    expect(stored).toEqual([{ id: again.body.id }]);
    const audited = await t.app.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'member.create')
      .where('target_id', '=', again.body.id)
      .execute();
    expect(audited).toHaveLength(1);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    // Found without its marks (fold() on PostgreSQL).
    const found = await api<{ items: Member[] }>(t, 'GET', '/org/members?q=NGUYEN%20van%20moi', undefined, admin);
    expect(found.body.items.map((m) => m.id)).toEqual([again.body.id]);
  });
});
