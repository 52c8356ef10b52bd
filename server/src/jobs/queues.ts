import { Queue, type DefaultJobOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { Role } from '@diem-cau/shared';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { REDIS_COMMAND_TIMEOUT_MS, redisRetryStrategy } from '../redis/redisClients.js';

/** The queues of the platform and what their jobs carry (ids only: the store holds the rest). */
export const QUEUE_NAMES = {
  reports: 'reports',
  webhooks: 'webhooks',
  pinSlips: 'pin-slips',
  recordings: 'recordings',
} as const;

export interface ReportJobData {
  reportId: string;
}
export interface ReportJobResult {
  reportId: string;
  status: 'done';
}
/** Issue PINs for a unit's members (or a list of members) and write the one-time PIN slips. */
export interface PinSlipJobData {
  unitId?: string;
  memberIds?: string[];
  /** The member page's address as the administrator reaches the platform (printed on the slips). */
  memberUrl: string;
  /** Who asked for the batch and from where, for the audit log (never a token). */
  requestedBy?: { subject: string; role: Role; displayName?: string; address: string | null };
}
export interface PinSlipJobResult {
  sheetId: string;
  count: number;
  expiresAt: string;
}
/** Make a recording's renditions after its session (`finalize`), or its one-file download. */
export interface RecordingJobData {
  recordingId: string;
  kind: 'finalize' | 'download';
}
export interface RecordingJobResult {
  recordingId: string;
  kind: 'finalize' | 'download';
}
export interface WebhookJobData {
  deliveryId: string;
}
export interface WebhookJobResult {
  deliveryId: string;
  statusCode: number;
}

/** Job names (BullMQ's `name`), one per processor. */
export const JOB_NAMES = {
  buildReport: 'build-report',
  deliverWebhook: 'deliver-webhook',
  issuePins: 'issue-pins',
  finalizeRecording: 'finalize-recording',
  recordingDownload: 'recording-download',
} as const;

/** BullMQ keys live under the deployment's prefix, like every other Redis key. */
export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}:bull`;
}

/**
 * A connection for BullMQ. Workers block on Redis, so BullMQ requires `maxRetriesPerRequest: null`
 * for them: they wait out a Redis restart and go on. The producers' connection (`failFast`) has no
 * offline queue instead, so while Redis is down an `add` (a PIN batch, a report) fails at once and
 * the request answers UNAVAILABLE, rather than hanging until Redis is back and adding a job the
 * client no longer waits for. Webhook deliveries stay in the store's outbox until their add succeeds.
 */
export function bullConnection(url: string, name: string, log: Logger, options: { failFast?: boolean } = {}): Redis {
  const client = new Redis(url, {
    connectionName: `diem-cau:bull:${name}`,
    retryStrategy: redisRetryStrategy,
    ...(options.failFast
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: REDIS_COMMAND_TIMEOUT_MS }
      : { maxRetriesPerRequest: null }),
  });
  // Logged once per outage, and its end (see redis/redisClients.ts).
  let down = false;
  client.on('error', (error: Error) => {
    if (!down) log.warn({ err: error.message, connection: name }, 'bullmq redis unreachable; retrying');
    down = true;
  });
  client.on('ready', () => {
    if (down) log.info({ connection: name }, 'bullmq redis reachable again');
    down = false;
  });
  return client;
}

export const REPORT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 7 * 86_400, count: 2_000 },
  removeOnFail: { age: 30 * 86_400 },
};

/** By default 2, 4, 8, 16, 32 s between the six attempts of a webhook delivery (WEBHOOK_ATTEMPTS, WEBHOOK_BACKOFF_MS). */
export function webhookJobOptions(attempts: number, backoffMs: number): DefaultJobOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    removeOnComplete: { age: 86_400, count: 5_000 },
    removeOnFail: { age: 30 * 86_400 },
  };
}

/** The producers' side: the queues jobs are added to (by the server, or by a worker's job). */
export class JobQueues {
  readonly reports: Queue<ReportJobData, ReportJobResult>;
  readonly webhooks: Queue<WebhookJobData, WebhookJobResult>;
  readonly pinSlips: Queue<PinSlipJobData, PinSlipJobResult>;
  readonly recordings: Queue<RecordingJobData, RecordingJobResult>;
  readonly #connection: Redis;
  #closing: Promise<void> | undefined;

  constructor(options: {
    redisUrl: string;
    redisPrefix: string;
    log: Logger;
    webhookAttempts: number;
    webhookBackoffMs: number;
  }) {
    this.#connection = bullConnection(options.redisUrl, 'queues', options.log, { failFast: true });
    const prefix = bullPrefix(options.redisPrefix);
    this.reports = new Queue<ReportJobData, ReportJobResult>(QUEUE_NAMES.reports, {
      connection: this.#connection,
      prefix,
      defaultJobOptions: REPORT_JOB_OPTIONS,
    });
    this.webhooks = new Queue<WebhookJobData, WebhookJobResult>(QUEUE_NAMES.webhooks, {
      connection: this.#connection,
      prefix,
      defaultJobOptions: webhookJobOptions(options.webhookAttempts, options.webhookBackoffMs),
    });
    // Kept an hour, as long as the slips themselves: the job's state is how the admin screen follows it.
    // A recording's job id is its own (`finalize-<id>`): every node asks when the session ends, one runs.
    this.recordings = new Queue<RecordingJobData, RecordingJobResult>(QUEUE_NAMES.recordings, {
      connection: this.#connection,
      prefix,
      defaultJobOptions: REPORT_JOB_OPTIONS,
    });
    this.pinSlips = new Queue<PinSlipJobData, PinSlipJobResult>(QUEUE_NAMES.pinSlips, {
      connection: this.#connection,
      prefix,
      defaultJobOptions: {
        attempts: 2,
        backoff: { type: 'exponential', delay: 2_000 },
        removeOnComplete: { age: 3_600 },
        removeOnFail: { age: 3_600 },
      },
    });
  }

  static fromConfig(config: Config, log: Logger): JobQueues {
    return new JobQueues({
      redisUrl: config.redisUrl,
      redisPrefix: config.redisPrefix,
      log,
      webhookAttempts: config.jobs.webhookAttempts,
      webhookBackoffMs: config.jobs.webhookBackoffMs,
    });
  }

  /** Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.allSettled([
        this.reports.close(),
        this.webhooks.close(),
        this.pinSlips.close(),
        this.recordings.close(),
      ]);
      await this.#connection.quit().catch(() => undefined);
    })();
    return this.#closing;
  }
}
