import { expect } from 'vitest';
import { api, buildOrgFixture, loginToken, type OrgFixture } from './orgFixture.js';
import { connectSocket, type TestSocket } from './socketClient.js';
import { startTestApp, type TestApp } from './testApp.js';

/**
 * Two nodes sharing one store and one Redis prefix: the sweeper stamps and sweeps every second, the
 * holder every `holderHeartbeatSeconds`. The org fixture is built on the sweeper and its session
 * started by its host; `joinOn` joins that session on either node, and `close` ends everything.
 */
export interface TwoNodes {
  sweeper: TestApp;
  holder: TestApp;
  f: OrgFixture;
  hostToken: string;
  joinOn(t: TestApp, token: string): Promise<TestSocket>;
  close(): Promise<void>;
}

export async function startTwoNodes(holderHeartbeatSeconds: number): Promise<TwoNodes> {
  const sockets: TestSocket[] = [];
  const sweeper = await startTestApp({ ATTENDANCE_HEARTBEAT_SECONDS: '1' });
  const holder = await startTestApp({
    DATA_DIR: sweeper.app.config.dataDir,
    REDIS_PREFIX: sweeper.app.config.redisPrefix,
    ATTENDANCE_HEARTBEAT_SECONDS: String(holderHeartbeatSeconds),
  });
  const f = await buildOrgFixture(sweeper);
  const hostToken = await loginToken(sweeper, '/auth/login', { username: f.host.username, password: f.host.password });
  expect((await api(sweeper, 'POST', `/sessions/${f.sessionId}/start`, undefined, hostToken)).status).toBe(200);
  return {
    sweeper,
    holder,
    f,
    hostToken,
    async joinOn(t, token) {
      const s = await connectSocket(t.url, { token });
      sockets.push(s);
      const ack = await s.emitWithAck('session:join', { sessionId: f.sessionId });
      if (!ack.ok) throw new Error(`join refused: ${ack.error.code}`);
      return s;
    },
    async close() {
      for (const s of sockets) s.close();
      await holder.app.close(); // the data folder and store are the sweeper's
      await sweeper.close();
    },
  };
}
