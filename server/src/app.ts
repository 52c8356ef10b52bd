import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import express from 'express';
import { resolveAuthSecret } from './auth/secret.js';
import { pinHashesFor } from './auth/pinHashes.js';
import { socketIdentityGuard } from './auth/socketIdentityGuard.js';
import { TokenService } from './auth/tokens.js';
import type { Config } from './config/config.js';
import { saveDemoCredentials } from './demo/demoBanner.js';
import { seedDemoProvince } from './demo/demoSeed.js';
import { apiNotFound, errorHandler } from './http/errorHandler.js';
import { healthRoutes } from './http/healthRoutes.js';
import { nameNodeOnHandshake, nodeHeader } from './http/nodeHeader.js';
import { securityHeaders } from './http/securityHeaders.js';
import { loadOrCreateSelfSigned, type TlsMaterial } from './http/tls/selfSignedCertificate.js';
import { createMetrics, type Metrics } from './http/metrics.js';
import { staticClient } from './http/staticClient.js';
import { createLogger, type Logger } from './logging/logger.js';
import { planRtcAddresses } from './media/announcedAddresses.js';
import { MediaWorkerPool } from './media/MediaWorkerPool.js';
import { routeMediasoupLogs } from './media/mediasoupLogBridge.js';
import { ClusterTimers } from './redis/clusterTimers.js';
import { NodeBus } from './redis/nodeBus.js';
import { NodeLease } from './redis/nodeLease.js';
import { connectRedis, type RedisClients } from './redis/redisClients.js';
import { APP_MODULES } from './modules/index.js';
import type { AppContext, AppModule } from './context/types.js';
import { createLiveChannels } from './signaling/liveChannels.js';
import { createSocketServer } from './signaling/socketServer.js';
import { socketLimitMiddleware } from './signaling/socketLimits.js';
import type { HandlerTable, IoServer } from './signaling/types.js';
import { migrateToLatest, openDatabase, type Database } from './store/database.js';

export interface App {
  /** What every module received; tests reach services through it. */
  ctx: AppContext;
  config: Config;
  log: Logger;
  express: express.Express;
  /** Not listening yet: the caller (main, or a test on port 0) calls `listen`. */
  httpServer: http.Server;
  io: IoServer;
  db: Database;
  redis: RedisClients;
  media: MediaWorkerPool;
  tokens: TokenService;
  metrics: Metrics;
  /** The certificate served, when HTTPS is on (its fingerprint goes in the start banner). */
  tls: (Pick<TlsMaterial, 'fingerprint' | 'names'> & { kind: 'files' | 'self-signed' }) | undefined;
  /** From now on /healthz answers 503 `draining`, so a balancer takes this node out before `close`. */
  drain(): void;
  /** Stops everything this app started; safe to call twice. */
  close(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  /** Defaults to APP_MODULES; tests may pass a subset. */
  modules?: readonly AppModule[];
}

async function loadTls(config: Config): Promise<Omit<TlsMaterial, 'generated'> | undefined> {
  if (!config.tls) return undefined;
  if (config.tls.kind === 'self-signed') return loadOrCreateSelfSigned(config.dataDir);
  const cert = readFileSync(config.tls.certFile, 'utf8');
  return {
    cert,
    key: readFileSync(config.tls.keyFile, 'utf8'),
    fingerprint: new X509Certificate(cert).fingerprint256,
    names: [],
  };
}

/**
 * Builds the whole server — store, Redis, mediasoup workers, HTTP routes and Socket.IO — without
 * listening, so tests can start it on port 0 and `main` on the configured port.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const log = options.logger ?? createLogger(config.logLevel);
  routeMediasoupLogs(log.child({ module: 'mediasoup' }), config.media.logLevel);

  const db = openDatabase(config.database, log.child({ module: 'store' }));
  await migrateToLatest(db, log.child({ module: 'store' }));
  if (config.seedDemo) {
    const demo = await seedDemoProvince(db, pinHashesFor(config), log.child({ module: 'demo-seed' }));
    if (demo) saveDemoCredentials(config.dataDir, demo);
  }
  const redis = await connectRedis(config.redisUrl, log.child({ module: 'redis' }));
  const metrics = createMetrics();
  const node = new NodeLease({
    redis: redis.lease,
    redisPrefix: config.redisPrefix,
    log: log.child({ module: 'node' }),
    name: config.nodeName,
  });
  await node.start();
  const bus = new NodeBus({
    nodeId: node.id,
    redis: redis.main,
    redisPrefix: config.redisPrefix,
    log: log.child({ module: 'bus' }),
  });
  await bus.start();
  // Timers shared by the nodes; the modules define their kinds in `start`, polling begins after.
  const timers = new ClusterTimers({
    redis: redis.main,
    redisPrefix: config.redisPrefix,
    node,
    log: log.child({ module: 'timers' }),
  });

  const media = new MediaWorkerPool(
    {
      numWorkers: config.media.numWorkers,
      logLevel: config.media.logLevel,
      rtcMinPort: config.media.minPort,
      rtcMaxPort: config.media.maxPort,
    },
    log.child({ module: 'media' }),
  );
  media.on('workerDied', () => metrics.workerDeaths.inc());
  await media.start();

  const tokens = new TokenService(resolveAuthSecret(config.authSecret, config.dataDir), config.accessTokenTtlSeconds);

  const modules = options.modules ?? APP_MODULES;
  const web = express();
  const tls = await loadTls(config);
  const httpServer = tls ? https.createServer({ cert: tls.cert, key: tls.key }, web) : http.createServer(web);

  // The context is complete before any module sees it: io is assigned right below.
  const rtc = planRtcAddresses(config.media.listenIp, config.media.announcedIp);
  log.info({ announced: rtc.announced, reason: rtc.reason }, 'WebRTC addresses');
  const ctx = {
    config,
    log,
    db,
    redis,
    redisPrefix: config.redisPrefix,
    node,
    bus,
    timers,
    media,
    rtc,
    tokens,
    metrics,
  } as AppContext;
  const handlers: HandlerTable = {};
  for (const m of modules) Object.assign(handlers, m.handlers?.(ctx));
  const io = createSocketServer({
    httpServer,
    redis: redis.adapter,
    streamName: `${config.redisPrefix}:socket.io`,
    tokens,
    handlers,
    log: log.child({ module: 'signaling' }),
    corsOrigin: config.corsOrigin,
  });
  ctx.io = io;
  ctx.live = createLiveChannels(io);
  io.use(socketIdentityGuard(ctx));
  // Last, so it counts only sockets every other check admitted.
  io.use(socketLimitMiddleware(config.sockets));
  nameNodeOnHandshake(io, node.id);
  io.on('connection', (socket) => {
    metrics.socketsConnected.inc();
    socket.on('disconnect', () => metrics.socketsConnected.dec());
  });

  web.disable('x-powered-by');
  // Whose X-Forwarded-For is believed (TRUST_PROXY): the balancers, so limits and the audit see the client.
  web.set('trust proxy', config.trustProxy);
  web.use(nodeHeader(node.id));
  web.use(securityHeaders({ tls: Boolean(tls) }));
  web.use(express.json({ limit: '256kb' }));
  let draining = false;
  web.use(healthRoutes(ctx, { draining: () => draining }));
  for (const m of modules) if (m.routes) web.use('/api', m.routes(ctx));
  web.use('/api', apiNotFound);
  web.use(staticClient(config.clientDistDir));
  web.use(errorHandler(log.child({ module: 'http' })));

  for (const m of modules) await m.start?.(ctx);
  timers.start();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    draining = true;
    closing ??= (async () => {
      await timers.stop(); // what is still set stays in Redis, for the other nodes
      for (const m of [...modules].reverse()) await m.stop?.(ctx);
      await io.close(); // also closes httpServer
      await media.close();
      await bus.stop();
      await node.stop();
      await redis.close();
      await db.destroy();
    })();
    return closing;
  };

  return {
    ctx,
    config,
    log,
    express: web,
    httpServer,
    io,
    db,
    redis,
    media,
    tokens,
    metrics,
    drain: () => {
      draining = true;
    },
    close,
    tls: tls && config.tls ? { kind: config.tls.kind, fingerprint: tls.fingerprint, names: tls.names } : undefined,
  };
}
