import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './trustProxy.js';

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
  /** SQLite file path (`sqlite:` prefix optional) — the embedded default — or `postgres://…` for a shared PostgreSQL. */
  DATABASE_URL: z.string().optional(),
  /**
   * Folder of the file store (documents, report exports, recordings); DATA_DIR/files by default. The
   * nodes of a cluster all point it at one shared folder (NFS or the like).
   */
  FILES_DIR: z.string().min(1).optional(),
  REDIS_URL: z.string().default('redis://127.0.0.1:6390'),
  /** Prefix of every Redis key, stream and queue, so deployments (or test runs) can share a Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/)
    .default('diemcau'),
  /** This node's name in a cluster (logs, /healthz); the host name by default. A process start adds a unique tail. */
  NODE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,40}$/)
    .optional(),
  /** Secret used to sign tokens and derive check-in codes. Generated into DATA_DIR when absent. */
  AUTH_SECRET: z.string().min(32).optional(),
  /** Bearer token for /metrics and the detailed /healthz; unset: /metrics answers loopback callers only. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /**
   * Which hops may tell the client's address (X-Forwarded-For) to rate limits and the audit log: `loopback`
   * (a proxy on this host), a hop count, or the balancers' addresses and CIDR ranges, comma-separated.
   */
  TRUST_PROXY: z
    .string()
    .default('loopback')
    .transform((text, zctx) => {
      const parsed = parseTrustProxy(text);
      if ('value' in parsed) return parsed.value;
      zctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }),
  /** On SIGTERM, /healthz answers 503 `draining` this long before the node closes, so a balancer stops sending it new clients first. */
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(120).default(0),
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
  /**
   * The address other nodes of a cluster reach this node's media pipes on (and that it binds): by
   * default the first WebRTC listen address (its announced one, if set).
   */
  RTC_PIPE_IP: z.ipv4().optional(),
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
  /** WebRTC transports one connection may hold open: send, receive and spares for a media restart. */
  MEDIA_MAX_TRANSPORTS_PER_CONNECTION: z.coerce.number().int().min(2).max(64).default(4),
  /** Consumers one connection may hold: the host's camera, mic and screen, a floor holder's camera and mic, spares. */
  MEDIA_MAX_CONSUMERS_PER_CONNECTION: z.coerce.number().int().min(1).max(256).default(12),
  /** How often each endpoint's link (layer, bitrate, loss, round trip) is sampled into its quality record. */
  LINK_SAMPLE_SECONDS: z.coerce.number().min(0.5).max(300).default(10),
  /** Sockets one sign-in may hold open on one node: an endpoint's screens, a member's phones, a staff account's consoles. */
  MAX_SOCKETS_PER_ENDPOINT: z.coerce.number().int().min(1).max(1000).default(4),
  MAX_SOCKETS_PER_MEMBER: z.coerce.number().int().min(1).max(1000).default(5),
  MAX_SOCKETS_PER_STAFF: z.coerce.number().int().min(1).max(1000).default(8),
  /** Largest session document (PDF, PPTX) accepted, in bytes. */
  DOCUMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(500 * 1024 * 1024)
    .default(50 * 1024 * 1024),
  /**
   * Space kept free on the data disk for the evidence store: uploads and imports are refused
   * (STORAGE_FULL) rather than take it. At most a tenth of the disk on a small one.
   */
  STORAGE_RESERVE_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(512 * 1024 * 1024),
  /** Largest organisation import file (CSV, XLSX) accepted, in bytes. */
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /** Documents one session may hold, and their total size in bytes (they live in the file store). */
  DOCUMENTS_PER_SESSION: z.coerce.number().int().min(1).max(10_000).default(50),
  DOCUMENT_BYTES_PER_SESSION: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024 * 1024)
    .default(500 * 1024 * 1024),
  /** An XLSX is a ZIP: the most its entries may unpack to together, and per large entry the most unpacked bytes per packed byte. */
  XLSX_MAX_UNCOMPRESSED_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .max(1024 * 1024 * 1024)
    .default(100 * 1024 * 1024),
  XLSX_MAX_COMPRESSION_RATIO: z.coerce.number().int().min(10).max(1000).default(200),
  /** Data rows one organisation import file may hold, and questions one quiz import file. */
  ORG_IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(50_000),
  QUIZ_IMPORT_MAX_QUESTIONS: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Record live sessions (the host may still turn it off per session); false records nothing on this node. */
  RECORDING_ENABLED: booleanFromEnv.default(true),
  /** Length of a recording's self-contained segments: what a crash can lose at most, per track. */
  RECORDING_SEGMENT_SECONDS: z.coerce.number().int().min(1).max(60).default(4),
  /** Where recorders write segments before they are moved into the file store; DATA_DIR/recording-spool by default. */
  RECORDING_SPOOL_DIR: z.string().optional(),
  /** Recordings whose session ended longer ago than this many days are deleted (audited); unset keeps them. */
  RECORDING_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  /** How long a replay page's signed file links stay valid (the page asks for fresh ones when they run out). */
  RECORDING_LINK_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(86_400)
    .default(6 * 3600),
  /** Run the BullMQ job workers inside the server process; false when `npm run worker` runs them apart. */
  JOBS_IN_APP_WORKERS: booleanFromEnv.default(true),
  /** Jobs one worker process runs at the same time, per queue. */
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** A worker's lock on a job; a job whose worker died is picked up again after about this long. */
  JOBS_LOCK_DURATION_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** Attempts of a webhook delivery, and the first backoff (doubling after each failed attempt). */
  WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(100).max(3_600_000).default(2_000),
  /** Failed sign-ins one client address may make per window, over all accounts (a hall shares one address). */
  SIGNIN_ADDRESS_FAILURES: z.coerce.number().int().min(1).max(100_000).default(100),
  SIGNIN_ADDRESS_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** Distinct accounts one address may fail on (and not sign in to since) per window: stops cycling through names. */
  SIGNIN_ADDRESS_ACCOUNTS: z.coerce.number().int().min(1).max(100_000).default(30),
  SIGNIN_ADDRESS_ACCOUNTS_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  /** Failed sign-ins per account name per window, from every address together. */
  SIGNIN_ACCOUNT_FAILURES: z.coerce.number().int().min(1).max(100_000).default(20),
  SIGNIN_ACCOUNT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** Wrong PINs (passwords) in a row that lock it until re-issued or for SIGNIN_LOCK_SECONDS. */
  SIGNIN_LOCK_AFTER_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  SIGNIN_LOCK_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(3600),
  /** Argon2 hashes and verifications one node runs at once (default two per core), and how many may wait. */
  SIGNIN_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  SIGNIN_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).default(64),
});

export type Env = z.infer<typeof envSchema>;

/** Where the store lives: a SQLite file (embedded, one host) or a PostgreSQL database that several nodes share. */
export type StoreConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** DATABASE_URL: `postgres://` or `postgresql://` is PostgreSQL; anything else a SQLite path (optional `sqlite:`). */
export function storeConfigOf(databaseUrl: string | undefined, dataDir: string): StoreConfig {
  if (!databaseUrl) return { kind: 'sqlite', file: path.join(dataDir, 'diem-cau.sqlite') };
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return { kind: 'postgres', url: databaseUrl };
  return { kind: 'sqlite', file: databaseUrl.replace(/^sqlite:/, '') };
}

/** The DATABASE_URL that names `store` (for a process started on the same store). */
export function databaseUrlOf(store: StoreConfig): string {
  return store.kind === 'postgres' ? store.url : store.file;
}

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  dataDir: string;
  database: StoreConfig;
  redisUrl: string;
  redisPrefix: string;
  nodeName: string | undefined;
  authSecret: string | undefined;
  /** Operations token (/metrics, detailed /healthz); never logged. */
  metricsToken: string | undefined;
  /** Express `trust proxy` (TRUST_PROXY). */
  trustProxy: TrustProxy;
  /** SHUTDOWN_DRAIN_SECONDS, in milliseconds. */
  shutdownDrainMs: number;
  accessTokenTtlSeconds: number;
  logLevel: Env['LOG_LEVEL'];
  media: {
    numWorkers: number;
    logLevel: Env['MEDIASOUP_LOG_LEVEL'];
    listenIp: string;
    announcedIp: string | undefined;
    pipeIp: string | undefined;
    minPort: number;
    maxPort: number;
  };
  tls: { kind: 'files'; certFile: string; keyFile: string } | { kind: 'self-signed' } | undefined;
  clientDistDir: string;
  seedDemo: boolean;
  corsOrigin: string | undefined;
  attendance: { graceSeconds: number; heartbeatSeconds: number };
  broadcast: {
    handGraceSeconds: number;
    maxTransportsPerConnection: number;
    maxConsumersPerConnection: number;
    /** LINK_SAMPLE_SECONDS: the endpoints' link quality sampling period. */
    linkSampleSeconds: number;
  };
  /** Open sockets per sign-in on one node (signaling/socketLimits.ts). */
  sockets: { perEndpoint: number; perMember: number; perStaff: number };
  /** The file store's folder (FILES_DIR): files live there, not in SQL rows. */
  files: { dir: string };
  /** Recording of live sessions (#11). */
  recording: {
    enabled: boolean;
    segmentSeconds: number;
    spoolDir: string;
    retentionDays: number | null;
    linkTtlSeconds: number;
  };
  /** Upload limits; files arrive in `tmpDir` (DATA_DIR/uploads-tmp) and are deleted after the request. */
  uploads: {
    documentMaxBytes: number;
    importMaxBytes: number;
    tmpDir: string;
    /** Free space uploads leave on the disk (STORAGE_RESERVE_BYTES, at most a tenth of the disk). */
    storageReserveBytes: number;
    documentsPerSession: number;
    documentBytesPerSession: number;
    xlsxMaxUncompressedBytes: number;
    xlsxMaxCompressionRatio: number;
    orgImportMaxRows: number;
    quizImportMaxQuestions: number;
  };
  jobs: {
    inAppWorkers: boolean;
    concurrency: number;
    lockDurationMs: number;
    webhookAttempts: number;
    webhookBackoffMs: number;
  };
  signIn: {
    addressFailures: number;
    addressWindowSeconds: number;
    addressAccounts: number;
    addressAccountsWindowSeconds: number;
    accountFailures: number;
    accountWindowSeconds: number;
    lockAfterFailures: number;
    lockSeconds: number;
    hashConcurrency: number;
    hashQueue: number;
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
    database: storeConfigOf(e.DATABASE_URL, dataDir),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    nodeName: e.NODE_NAME,
    authSecret: e.AUTH_SECRET,
    metricsToken: e.METRICS_TOKEN,
    trustProxy: e.TRUST_PROXY,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_SECONDS * 1000,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    logLevel: e.LOG_LEVEL,
    media: {
      numWorkers: e.MEDIASOUP_WORKERS ?? os.availableParallelism(),
      logLevel: e.MEDIASOUP_LOG_LEVEL,
      listenIp: e.RTC_LISTEN_IP,
      announcedIp: e.RTC_ANNOUNCED_IP,
      pipeIp: e.RTC_PIPE_IP,
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
    broadcast: {
      handGraceSeconds: e.FLOOR_HAND_GRACE_SECONDS,
      maxTransportsPerConnection: e.MEDIA_MAX_TRANSPORTS_PER_CONNECTION,
      maxConsumersPerConnection: e.MEDIA_MAX_CONSUMERS_PER_CONNECTION,
      linkSampleSeconds: e.LINK_SAMPLE_SECONDS,
    },
    sockets: {
      perEndpoint: e.MAX_SOCKETS_PER_ENDPOINT,
      perMember: e.MAX_SOCKETS_PER_MEMBER,
      perStaff: e.MAX_SOCKETS_PER_STAFF,
    },
    files: { dir: path.resolve(e.FILES_DIR ?? path.join(dataDir, 'files')) },
    recording: {
      enabled: e.RECORDING_ENABLED,
      segmentSeconds: e.RECORDING_SEGMENT_SECONDS,
      spoolDir: path.resolve(e.RECORDING_SPOOL_DIR ?? path.join(dataDir, 'recording-spool')),
      retentionDays: e.RECORDING_RETENTION_DAYS ?? null,
      linkTtlSeconds: e.RECORDING_LINK_TTL_SECONDS,
    },
    uploads: {
      documentMaxBytes: e.DOCUMENT_MAX_BYTES,
      importMaxBytes: e.IMPORT_MAX_BYTES,
      tmpDir: path.join(dataDir, 'uploads-tmp'),
      storageReserveBytes: e.STORAGE_RESERVE_BYTES,
      documentsPerSession: e.DOCUMENTS_PER_SESSION,
      documentBytesPerSession: e.DOCUMENT_BYTES_PER_SESSION,
      xlsxMaxUncompressedBytes: e.XLSX_MAX_UNCOMPRESSED_BYTES,
      xlsxMaxCompressionRatio: e.XLSX_MAX_COMPRESSION_RATIO,
      orgImportMaxRows: e.ORG_IMPORT_MAX_ROWS,
      quizImportMaxQuestions: e.QUIZ_IMPORT_MAX_QUESTIONS,
    },
    jobs: {
      inAppWorkers: e.JOBS_IN_APP_WORKERS,
      concurrency: e.JOBS_CONCURRENCY,
      lockDurationMs: e.JOBS_LOCK_DURATION_MS,
      webhookAttempts: e.WEBHOOK_ATTEMPTS,
      webhookBackoffMs: e.WEBHOOK_BACKOFF_MS,
    },
    signIn: {
      addressFailures: e.SIGNIN_ADDRESS_FAILURES,
      addressWindowSeconds: e.SIGNIN_ADDRESS_WINDOW_SECONDS,
      addressAccounts: e.SIGNIN_ADDRESS_ACCOUNTS,
      addressAccountsWindowSeconds: e.SIGNIN_ADDRESS_ACCOUNTS_WINDOW_SECONDS,
      accountFailures: e.SIGNIN_ACCOUNT_FAILURES,
      accountWindowSeconds: e.SIGNIN_ACCOUNT_WINDOW_SECONDS,
      lockAfterFailures: e.SIGNIN_LOCK_AFTER_FAILURES,
      lockSeconds: e.SIGNIN_LOCK_SECONDS,
      hashConcurrency: e.SIGNIN_HASH_CONCURRENCY ?? 2 * os.availableParallelism(),
      hashQueue: e.SIGNIN_HASH_QUEUE,
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
