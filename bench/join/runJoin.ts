import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startPlatform } from '../lib/platformApp.js';
import { summarize, type LatencySummary } from '../lib/stats.js';
import { createJoinFixture } from './fixture.js';
import type { BenchPageApi, EndpointTiming } from './timing.js';

const PAGE_ENTRY = path.join(import.meta.dirname, 'page', 'benchPage.ts');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

export interface JoinOptions {
  endpoints: number;
  /** Endpoints start evenly spread over this window. */
  windowMs: number;
  /** Endpoints per browser page (each endpoint is its own socket and mediasoup-client Device). */
  perPage: number;
  workers: number;
  /** Per-endpoint limit, after which it counts as a failure. */
  endpointTimeoutMs: number;
  log?: (line: string) => void;
}

export interface JoinResult {
  options: Omit<JoinOptions, 'log'>;
  endpoints: number;
  succeeded: number;
  failed: number;
  errors: Record<string, number>;
  /** From the endpoint's first connection attempt: */
  joinToFirstMediaMs: LatencySummary;
  joinToFirstVideoMs: LatencySummary;
  connectedMs: LatencySummary;
  joinedMs: LatencySummary;
  consumingMs: LatencySummary;
  /** CPU of the platform process (signaling + mediasoup's Node side) over the window, % of one core. */
  serverCpu: number;
  receiversPerWorker: number[];
  timings: EndpointTiming[];
}

/** The product's client code for the page, bundled once. */
async function bundlePage(): Promise<string> {
  const out = await build({
    entryPoints: [PAGE_ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

async function openPage(browser: Browser, url: string, script: string): Promise<Page> {
  // The bundled page is injected into the app's origin as an inline script, which the app's CSP
  // (script-src 'self') rightly forbids; the load tool's own pages bypass it.
  const page = await browser.newPage({ bypassCSP: true });
  await page.goto(`${url}/healthz`);
  await page.addScriptTag({ content: script });
  return page;
}

/**
 * N endpoints join a live session through the real signaling (token, `session:join`, `media:*`)
 * with the product's MediaClient in Chromium, while a host page publishes the fake camera (VP8
 * simulcast) and microphone; each endpoint's time to its first media packet is measured in its page.
 */
export async function runJoin(o: JoinOptions): Promise<JoinResult> {
  const log = o.log ?? (() => undefined);
  const platform = await startPlatform({ workers: o.workers });
  let browser: Browser | undefined;
  try {
    const fixture = await createJoinFixture(platform.app, o.endpoints);
    const script = await bundlePage();
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
    const hostPage = await openPage(browser, platform.url, script);
    await hostPage.evaluate(
      ([token, sessionId, subject]) =>
        (globalThis as unknown as { diemCauBench: BenchPageApi }).diemCauBench.publishHost(token, sessionId, subject),
      [fixture.host.token, fixture.sessionId, fixture.host.subject] as const,
    );
    log(`host publishing; ${o.endpoints} endpoints join over ${o.windowMs} ms`);

    const pageCount = Math.ceil(o.endpoints / o.perPage);
    const pages = await Promise.all(Array.from({ length: pageCount }, () => openPage(browser!, platform.url, script)));
    const gap = o.windowMs / Math.max(1, o.endpoints);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const perPage = await Promise.all(
      pages.map((page, p) => {
        const mine = fixture.endpoints
          .map((e, i) => ({ ...e, delayMs: i * gap, index: i }))
          .filter((e) => e.index % pageCount === p);
        return page.evaluate(
          async ({ list, sessionId, timeoutMs }) => {
            const api = (globalThis as unknown as { diemCauBench: BenchPageApi }).diemCauBench;
            return Promise.all(
              list.map(
                (e) =>
                  new Promise<EndpointTiming>((resolve) => {
                    setTimeout(() => {
                      const timeout = new Promise<EndpointTiming>((r) =>
                        setTimeout(() => r({ subject: e.subject, ok: false, error: 'endpoint timeout' }), timeoutMs),
                      );
                      void Promise.race([api.joinEndpoint(e.token, sessionId, e.subject), timeout]).then(resolve);
                    }, e.delayMs);
                  }),
              ),
            );
          },
          {
            list: mine.map(({ subject, token, delayMs }) => ({ subject, token, delayMs })),
            sessionId: fixture.sessionId,
            timeoutMs: o.endpointTimeoutMs,
          },
        );
      }),
    );
    const elapsed = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const timings = perPage.flat();
    const ok = timings.filter((t) => t.ok);
    const errors: Record<string, number> = {};
    for (const t of timings) if (!t.ok) errors[t.error ?? 'unknown'] = (errors[t.error ?? 'unknown'] ?? 0) + 1;
    const pick = (f: (t: EndpointTiming) => number | undefined): LatencySummary =>
      summarize(
        ok
          .map(f)
          .filter((v): v is number => v !== undefined)
          .map(Math.round),
      );
    const receiversPerWorker = platform.app.media.slots.map((s) => s.load);
    await Promise.all(
      pages.map((page) =>
        page.evaluate(() => (globalThis as unknown as { diemCauBench: BenchPageApi }).diemCauBench.closeAll()),
      ),
    );
    const { log: _log, ...options } = o;
    return {
      options,
      endpoints: o.endpoints,
      succeeded: ok.length,
      failed: timings.length - ok.length,
      errors,
      joinToFirstMediaMs: pick((t) => t.firstMediaMs),
      joinToFirstVideoMs: pick((t) => t.firstVideoMs),
      connectedMs: pick((t) => t.connectedMs),
      joinedMs: pick((t) => t.joinedMs),
      consumingMs: pick((t) => t.consumingMs),
      serverCpu: ((cpu.user + cpu.system) / 1000 / elapsed) * 100,
      receiversPerWorker,
      timings,
    };
  } finally {
    await browser?.close();
    await platform.close();
  }
}
