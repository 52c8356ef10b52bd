import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

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
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/).default('diemcau'),
  /** Secret used to sign tokens and derive check-in codes. Generated into DATA_DIR when absent. */
  AUTH_SECRET: z.string().min(32).optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(12 * 3600),
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
  /** Folder with the built client (served as static files); empty to serve no client. */
  CLIENT_DIST_DIR: z.string().default(path.resolve(import.meta.dirname, '../../../client/dist')),
  /** Seed the demo province on first start. */
  SEED_DEMO: booleanFromEnv.default(true),
  /** Allowed CORS origin for the Socket.IO endpoint in development (Vite dev server). */
  CORS_ORIGIN: z.string().optional(),
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
  tls: { certFile: string; keyFile: string } | undefined;
  clientDistDir: string;
  seedDemo: boolean;
  corsOrigin: string | undefined;
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
    tls: e.TLS_CERT_FILE && e.TLS_KEY_FILE ? { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE } : undefined,
    clientDistDir: e.CLIENT_DIST_DIR,
    seedDemo: e.SEED_DEMO,
    corsOrigin: e.CORS_ORIGIN,
  };
}
