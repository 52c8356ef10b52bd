import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** client/dist of the checkout, found upwards from here (server/src/config or the compiled server/dist). */
function defaultClientDist(): string {
  let dir = import.meta.dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'client', 'package.json'))) return path.join(dir, 'client', 'dist');
    dir = path.dirname(dir);
  }
  return path.resolve(import.meta.dirname, '../../../client/dist');
}

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Configuration, read once from the environment and validated. Every default runs the platform on
 * one machine out of the box; a real deployment sets the public IP, Redis, database and TLS.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Folder for the SQLite store, uploads, the generated secret and the private Redis. */
  DATA_DIR: z.string().default(path.resolve(process.cwd(), 'data')),
  /** SQLite file path (`sqlite:` prefix optional) — the embedded default. */
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().default('redis://127.0.0.1:6390'),
  /** Prefix of every Redis key, stream and queue, so deployments (or test runs) can share a Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/)
    .default('diemcau'),
  /** Secret used to sign tokens and derive check-in codes. Generated into DATA_DIR when absent. */
  AUTH_SECRET: z.string().min(32).optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(12 * 3600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Number of mediasoup workers; defaults to one per CPU core. */
  MEDIASOUP_WORKERS: z.coerce.number().int().positive().optional(),
  MEDIASOUP_LOG_LEVEL: z.enum(['debug', 'warn', 'error', 'none']).default('warn'),
  /** Address the WebRTC transports listen on, and the public address announced to clients. */
  RTC_LISTEN_IP: z.string().default('0.0.0.0'),
  RTC_ANNOUNCED_IP: z.string().optional(),
  RTC_MIN_PORT: z.coerce.number().int().min(1024).max(65535).default(40000),
  RTC_MAX_PORT: z.coerce.number().int().min(1024).max(65535).default(49999),
  /** TLS: when both are given the server speaks HTTPS (browsers need it for camera access off localhost). */
  TLS_CERT_FILE: z.string().optional(),
  TLS_KEY_FILE: z.string().optional(),
  /** One switch for LAN use: HTTPS with a certificate generated once into DATA_DIR/tls for this machine. */
  TLS_SELF_SIGNED: booleanFromEnv.default(false),
  /** Folder with the built client (served as static files); empty to serve no client. */
  CLIENT_DIST_DIR: z.string().default(defaultClientDist()),
  /** Seed the demo province on first start. */
  SEED_DEMO: booleanFromEnv.default(true),
  /** Allowed CORS origin for the Socket.IO endpoint in development (Vite dev server). */
  CORS_ORIGIN: z.string().optional(),
  /** Reconnects of an endpoint within this many seconds merge into one interval in the attendance view. */
  ATTENDANCE_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** How often a node stamps its endpoints' open intervals as still connected (crash evidence). */
  ATTENDANCE_HEARTBEAT_SECONDS: z.coerce.number().min(0.2).max(300).default(15),
  /** A disconnected endpoint's raised hand is lowered when it has not come back within this many seconds (0: at once). */
  FLOOR_HAND_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(20),
  /** Largest session document (PDF, PPTX) accepted, in bytes. */
  DOCUMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(500 * 1024 * 1024)
    .default(50 * 1024 * 1024),
  /** Largest organisation import file (CSV, XLSX) accepted, in bytes. */
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /** Run the BullMQ job workers inside the server process; false when `npm run worker` runs them apart. */
  JOBS_IN_APP_WORKERS: booleanFromEnv.default(true),
  /** Jobs one worker process runs at the same time, per queue. */
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** A worker's lock on a job; a job whose worker died is picked up again after about this long. */
  JOBS_LOCK_DURATION_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** Attempts of a webhook delivery, and the first backoff (doubling after each failed attempt). */
  WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(100).max(3_600_000).default(2_000),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  dataDir: string;
  databaseFile: string;
  redisUrl: string;
  redisPrefix: string;
  authSecret: string | undefined;
  accessTokenTtlSeconds: number;
  logLevel: Env['LOG_LEVEL'];
  media: {
    numWorkers: number;
    logLevel: Env['MEDIASOUP_LOG_LEVEL'];
    listenIp: string;
    announcedIp: string | undefined;
    minPort: number;
    maxPort: number;
  };
  tls: { kind: 'files'; certFile: string; keyFile: string } | { kind: 'self-signed' } | undefined;
  clientDistDir: string;
  seedDemo: boolean;
  corsOrigin: string | undefined;
  attendance: { graceSeconds: number; heartbeatSeconds: number };
  broadcast: { handGraceSeconds: number };
  uploads: { documentMaxBytes: number; importMaxBytes: number };
  jobs: {
    inAppWorkers: boolean;
    concurrency: number;
    lockDurationMs: number;
    webhookAttempts: number;
    webhookBackoffMs: number;
  };
}

export class ConfigError extends Error {}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.RTC_MIN_PORT > e.RTC_MAX_PORT) throw new ConfigError('RTC_MIN_PORT must not exceed RTC_MAX_PORT');
  if (Boolean(e.TLS_CERT_FILE) !== Boolean(e.TLS_KEY_FILE)) {
    throw new ConfigError('TLS_CERT_FILE and TLS_KEY_FILE must be given together');
  }
  if (e.TLS_SELF_SIGNED && e.TLS_CERT_FILE)
    throw new ConfigError('TLS_SELF_SIGNED and TLS_CERT_FILE exclude each other: choose one certificate');
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    databaseFile: e.DATABASE_URL ? e.DATABASE_URL.replace(/^sqlite:/, '') : path.join(dataDir, 'diem-cau.sqlite'),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    authSecret: e.AUTH_SECRET,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    logLevel: e.LOG_LEVEL,
    media: {
      numWorkers: e.MEDIASOUP_WORKERS ?? os.availableParallelism(),
      logLevel: e.MEDIASOUP_LOG_LEVEL,
      listenIp: e.RTC_LISTEN_IP,
      announcedIp: e.RTC_ANNOUNCED_IP,
      minPort: e.RTC_MIN_PORT,
      maxPort: e.RTC_MAX_PORT,
    },
    tls:
      e.TLS_CERT_FILE && e.TLS_KEY_FILE
        ? { kind: 'files', certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE }
        : e.TLS_SELF_SIGNED
          ? { kind: 'self-signed' }
          : undefined,
    clientDistDir: e.CLIENT_DIST_DIR,
    seedDemo: e.SEED_DEMO,
    corsOrigin: e.CORS_ORIGIN,
    attendance: { graceSeconds: e.ATTENDANCE_GRACE_SECONDS, heartbeatSeconds: e.ATTENDANCE_HEARTBEAT_SECONDS },
    broadcast: { handGraceSeconds: e.FLOOR_HAND_GRACE_SECONDS },
    uploads: { documentMaxBytes: e.DOCUMENT_MAX_BYTES, importMaxBytes: e.IMPORT_MAX_BYTES },
    jobs: {
      inAppWorkers: e.JOBS_IN_APP_WORKERS,
      concurrency: e.JOBS_CONCURRENCY,
      lockDurationMs: e.JOBS_LOCK_DURATION_MS,
      webhookAttempts: e.WEBHOOK_ATTEMPTS,
      webhookBackoffMs: e.WEBHOOK_BACKOFF_MS,
    },
  };
}

/** For entry points: the configuration, or the reason it is invalid on stderr and exit code 2. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
