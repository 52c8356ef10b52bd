import { createApp } from './app.js';
import { loadConfigOrExit } from './config/config.js';

/** Entry point: configuration from the environment, then listen. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApp(config);
  await new Promise<void>((resolve) => app.httpServer.listen(config.port, config.host, resolve));
  const scheme = config.tls ? 'https' : 'http';
  const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
  app.log.info({ url: `${scheme}://${shownHost}:${config.port}` }, 'Điểm Cầu is listening');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
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
