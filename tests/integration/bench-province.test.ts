import { describe, expect, it } from 'vitest';
import { parseProvinceArgs, provinceTables } from '../../bench/province/main.js';
import { runProvince } from '../../bench/province/runProvince.js';

/** Smoke test of `npm run bench:province` at a tiny size: every phase measured and consistent, never fast. */
describe('bench: a province conference day', () => {
  it('has the issue defaults and refuses bad options', () => {
    const o = parseProvinceArgs([]);
    expect(o).toMatchObject({ endpoints: 312, members: 26_295, questions: 3, windowMs: 10_000, maxRunMs: 900_000 });
    expect(() => parseProvinceArgs(['--members', '0'])).toThrow(/bad --members/);
    expect(() => parseProvinceArgs(['--resend-share', '2'])).toThrow(/bad --resend-share/);
  });

  it(
    'phones sign in with PINs, join and check in with the screen codes; every answer stored once; media measured throughout',
    { timeout: 240_000 },
    async () => {
      const members = 24;
      const r = await runProvince({
        endpoints: 3,
        members,
        arrivalMs: 3000,
        questions: 2,
        windowMs: 1000,
        ackTimeoutMs: 15_000,
        // Every member resends and a quarter reconnect, so both paths run at this size.
        resendShare: 1,
        reconnectShare: 0.25,
        videoBitrate: 300_000,
        nodes: 2,
        loadProcesses: 2,
        mediaWorkers: 1,
        mediaWindowMs: 1000,
        maxRunMs: 180_000,
      });
      expect(r.enrolment.members).toBe(members);
      expect(r.enrolment.pinsPerSecond).toBeGreaterThan(0);
      const a = r.arrival;
      expect([a.signedIn, a.checkedIn, a.connected]).toEqual([members, members, members]);
      expect([a.failed, a.notStarted]).toEqual([0, 0]);
      for (const phase of [a.signInMs, a.joinMs, a.checkinMs]) expect(phase.count).toBe(members);
      expect(a.signInsPerSecond).toBeGreaterThan(0);
      expect(Number.isFinite(a.signInsPerCoreSecond)).toBe(true);

      expect(r.questions).toHaveLength(2);
      for (const q of r.questions) {
        expect(q.questionsReceived).toBe(members);
        expect(q.sent).toBe(members);
        expect(q.acked).toBe(q.sent);
        // A resend or a reconnect never stores a second answer.
        expect(q.stored).toBe(q.sent);
        expect(q.resent).toBe(members);
        expect(q.resendAcked).toBe(q.resent);
        expect(q.reconnectFailed).toBe(0);
        expect(q.timeouts).toBe(0);
        expect(q.ackLatencyMs.count).toBe(q.sent);
        expect(q.pushDelayMs.count).toBe(members);
      }
      expect(r.questions.reduce((n, q) => n + q.reconnected, 0)).toBeGreaterThan(0);
      expect(r.signaling).toMatchObject({ sent: members, acked: members, stored: null });

      expect(r.phases.map((p) => p.phase)).toEqual([
        'setup',
        'media settle',
        'arrival',
        'question 1',
        'question 2',
        'signaling baseline',
      ]);
      for (const p of r.phases.slice(2)) {
        expect(p.media.windows).toBeGreaterThan(0);
        expect(p.media.receivers).toBe(3);
        expect(p.media.packetsReceived).toBeGreaterThan(0);
        expect(p.media.maxLoss).toBeGreaterThanOrEqual(p.media.meanLoss);
        for (const group of ['node0', 'node1', 'workers', 'phones', 'receivers', 'source'])
          expect(p.rssMb[group]).toBeGreaterThan(0);
      }
      for (const l of r.lag) {
        expect(l.nodes).toHaveLength(2);
        for (const n of l.nodes) expect(Number.isFinite(n.p99)).toBe(true);
      }
      expect(r.verdict.reached).toBe(members);
      expect(r.verdict.checks.find((c) => c.name === 'every member checked in')?.ok).toBe(true);
      for (const q of [1, 2]) expect(r.verdict.checks.find((c) => c.name === `q${q} stored = sent`)?.ok).toBe(true);
      expect(provinceTables(r)).toContain('verdict:');
    },
  );
});
