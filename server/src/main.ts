import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
// First: mediasoup reads the worker path when it loads, and app.js (below, dynamic) loads it.
import './media/mediasoupWorkerBin.js';
import { loadConfigOrExit } from './config/config.js';
import { formatStartBanner, readDemoCredentials } from './demo/demoBanner.js';
import { machineAddresses } from './media/announcedAddresses.js';

/** Entry point: configuration from the environment, then listen and print where to open it. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const { createApp } = await import('./app.js');
  const app = await createApp(config);
  await new Promise<void>((resolve) => app.httpServer.listen(config.port, config.host, resolve));
  const port = (app.httpServer.address() as AddressInfo).port;
  const scheme = app.tls ? 'https' : 'http';
  const wildcard = config.host === '0.0.0.0' || config.host === '::';
  const localUrl = `${scheme}://${wildcard ? 'localhost' : config.host}:${port}`;
  const lanUrls = wildcard ? machineAddresses().map((ip) => `${scheme}://${ip}:${port}`) : [];
  app.log.info({ url: localUrl, lan: lanUrls, rtcAnnounced: app.ctx.rtc.announced }, 'Điểm Cầu is listening');
  // Straight to stdout, never through the logger: the banner may hold the demo's credentials.
  process.stdout.write(
    formatStartBanner({
      localUrl,
      lanUrls,
      rtcAnnounced: app.ctx.rtc.announced,
      tls: app.tls,
      demo: config.seedDemo ? readDemoCredentials(config.dataDir) : undefined,
    }),
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    // SIGTERM (systemd, a planned stop) drains first: /healthz answers 503 until the balancer's checks
    // notice, then the node closes. SIGINT (Ctrl-C) closes at once.
    const drainMs = signal === 'SIGTERM' ? config.shutdownDrainMs : 0;
    app.log.info({ signal, drainMs }, 'shutting down');
    app.drain();
    const force = setTimeout(() => process.exit(1), drainMs + 10_000);
    force.unref();
    delay(drainMs)
      .then(() => app.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Fatal: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
