import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, Recording } from '@diem-cau/shared';
import { RtpSource } from '../../bench/fanout/rtpSource.js';
import { openHostSession, type HostSession } from '../../bench/record/hostSession.js';
import { recordingIdOf } from '../../bench/record/replayReady.js';
import { adminToken } from '../support/hallMembers.js';
import { api, waitFor } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const MAX_SOURCE_MS = 60_000;

/**
 * The host's recording controls on a live session whose host publishes real RTP (the synthetic
 * camera and microphone of the benchmarks, through the real signalling and REST routes, on the
 * defaults): pause and resume, turning recording off, and who may do it.
 */
describe('recording controls while live', () => {
  let t: TestApp;
  let admin: string;
  const hosts: HostSession[] = [];
  const sources: RtpSource[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
  });
  afterAll(async () => {
    for (const s of sources) s.stop();
    for (const h of hosts) h.close();
    await t?.close();
  });

  /** A live session, its host's media flowing, and its recording (the row appears once the room opened). */
  async function liveRecorded(): Promise<{ host: HostSession; source: RtpSource; recordingId: string }> {
    const host = await openHostSession(t, true);
    hosts.push(host);
    const source = new RtpSource({ ip: '127.0.0.1', port: host.ingressPort }, { videoBitrate: 300_000 });
    sources.push(source);
    await source.start(MAX_SOURCE_MS);
    const recordingId = await waitFor(() => recordingIdOf(t.url, host.sessionId, host.hostToken), 20_000);
    return { host, source, recordingId };
  }

  const manifest = (id: string, token: string) => api<Recording>(t.url, 'GET', `/api/recordings/${id}`, token);

  it('pauses and resumes: the replay marks the pause as a gap, and the recording is ready after the end', async () => {
    const { host, source, recordingId } = await liveRecorded();
    await waitFor(async () => {
      const m = (await manifest(recordingId, host.hostToken)).body;
      return m.state === 'recording' && m.durationMs >= 4_000 ? m : undefined;
    }, 30_000);
    const paused = await api<{ state: string }>(
      t.url,
      'POST',
      `/api/sessions/${host.sessionId}/recording/pause`,
      host.hostToken,
    );
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    expect(paused.body.state).toBe('paused');
    await delay(4_000);
    const resumed = await api<{ state: string }>(
      t.url,
      'POST',
      `/api/sessions/${host.sessionId}/recording/resume`,
      host.hostToken,
    );
    expect(resumed.body.state).toBe('recording');
    await delay(6_000);
    await host.end();
    const ready = await waitFor(async () => {
      const m = (await manifest(recordingId, host.hostToken)).body;
      if (m.state === 'failed') throw new Error(`recording failed: ${JSON.stringify(m)}`);
      return m.state === 'ready' ? m : undefined;
    }, 60_000);
    source.stop();
    const pauses = ready.gaps.filter((g) => g.reason === 'paused');
    expect(pauses, JSON.stringify(ready.gaps)).toHaveLength(1);
    // Paused 4 s; the run before it ends at its last whole segment, the next starts at a keyframe.
    expect(pauses[0]!.lengthMs).toBeGreaterThan(2_000);
    expect(ready.gaps.filter((g) => g.reason === 'outage')).toEqual([]);
    expect(ready.renditions.phone).not.toBeNull();
  });

  it('turned off right after going live: no empty recording is left behind, and the change is audited', async () => {
    const { host, source, recordingId } = await liveRecorded();
    const off = await api<{ enabled: boolean }>(
      t.url,
      'PUT',
      `/api/sessions/${host.sessionId}/recording/enabled`,
      host.hostToken,
      { enabled: false },
    );
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.enabled).toBe(false);
    await delay(2_000);
    await host.end();
    source.stop();
    // Nothing was recorded: the session lists no recording (not one that "failed").
    await waitFor(async () => {
      const list = await api<Recording[]>(t.url, 'GET', `/api/sessions/${host.sessionId}/recordings`, host.hostToken);
      return list.status === 200 && list.body.length === 0 ? true : undefined;
    }, 30_000);
    expect((await manifest(recordingId, host.hostToken)).status).toBe(404);
    const audit = await api<AuditPage>(t.url, 'GET', `/api/audit?action=recording.settings`, admin);
    expect(audit.status).toBe(200);
    const entry = audit.body.items.find((e) => e.targetId === host.sessionId);
    expect(entry).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
  });

  it('refuses members, other hosts and malformed bodies with codes, and changes nothing', async () => {
    const { host, source, recordingId } = await liveRecorded();
    const other = await openHostSession(t, true);
    hosts.push(other);
    const path = (p: string) => `/api/sessions/${host.sessionId}/recording/${p}`;
    for (const token of [other.hostToken, undefined]) {
      const paused = await api<{ error: { code: string } }>(t.url, 'POST', path('pause'), token);
      expect(paused.status).toBe(token ? 403 : 401);
      const disabled = await api(t.url, 'PUT', path('enabled'), token, { enabled: false });
      expect(disabled.status).toBe(token ? 403 : 401);
    }
    for (const body of [{ enabled: 'no' }, { enabled: false, extra: 1 }, {}]) {
      const bad = await api<{ error: { code: string } }>(t.url, 'PUT', path('enabled'), host.hostToken, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.code).toBe('BAD_REQUEST');
    }
    expect((await api(t.url, 'POST', `/api/sessions/${randomUUID()}/recording/pause`, host.hostToken)).status).toBe(
      404,
    );
    expect((await manifest(recordingId, host.hostToken)).body.state).toBe('recording');
    source.stop();
  });
});
