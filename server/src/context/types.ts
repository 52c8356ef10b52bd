import type { Router } from 'express';
import type { TokenService } from '../auth/tokens.js';
import type { Config } from '../config/config.js';
import type { Metrics } from '../http/metrics.js';
import type { Logger } from '../logging/logger.js';
import type { RtcAddressPlan } from '../media/announcedAddresses.js';
import type { MediaWorkerPool } from '../media/MediaWorkerPool.js';
import type { ClusterTimers } from '../redis/clusterTimers.js';
import type { NodeBus } from '../redis/nodeBus.js';
import type { NodeLease } from '../redis/nodeLease.js';
import type { RedisClients } from '../redis/redisClients.js';
import type { JobProcessorFactories } from '../jobs/workers.js';
import type { LiveChannels } from '../signaling/liveChannels.js';
import type { HandlerTable, IoServer } from '../signaling/types.js';
import type { Database } from '../store/database.js';

/** Everything a domain module may use; built once by createApp. */
export interface AppContext {
  config: Config;
  log: Logger;
  db: Database;
  redis: RedisClients;
  /** Prefix for every Redis key and stream of this deployment (tests use a random one). */
  redisPrefix: string;
  /** This node's id and liveness lease: what it owns in Redis is taken over once its lease runs out. */
  node: NodeLease;
  /** Messages between the nodes (Redis pub/sub): media pipes between hosts are set up through it. */
  bus: NodeBus;
  /** Timers shared by the nodes (in Redis): each fires once across the cluster, also after its node died. */
  timers: ClusterTimers;
  media: MediaWorkerPool;
  /** What the WebRTC transports bind and announce (never 0.0.0.0). */
  rtc: RtcAddressPlan;
  tokens: TokenService;
  metrics: Metrics;
  /** The Socket.IO server, for handlers and module wiring only; set before any module's `start` runs. */
  io: IoServer;
  /** What domain services use to reach connected clients (pushes, room moves); set with `io`. */
  live: LiveChannels;
}

/**
 * A domain of the product (org tree, sessions, broadcast, quizzes, reports…) plugs into the app
 * through this shape: its Socket.IO handlers, its REST routes under /api, and its lifecycle.
 * createApp lists the modules in ./index.ts; a module never reaches into another's internals.
 */
export interface AppModule {
  name: string;
  /** Socket.IO request handlers, merged into one table (event names are unique per domain). */
  handlers?: (ctx: AppContext) => HandlerTable;
  /** Express router mounted at /api. */
  routes?: (ctx: AppContext) => Router;
  /** Processors of the job queues this domain owns (run in the server or by `npm run worker`). */
  jobs?: JobProcessorFactories;
  /** Runs after the server is built, before it listens (timers, subscriptions, recovery). */
  start?: (ctx: AppContext) => Promise<void> | void;
  /** Runs on close, in reverse order. */
  stop?: (ctx: AppContext) => Promise<void> | void;
}
