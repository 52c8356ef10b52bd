import { Worker, type Processor } from 'bullmq';
import type { JobDeps } from './jobDeps.js';
import {
  bullConnection,
  bullPrefix,
  QUEUE_NAMES,
  type PinSlipJobData,
  type PinSlipJobResult,
  type RecordingJobData,
  type RecordingJobResult,
  type ReportJobData,
  type ReportJobResult,
  type WebhookJobData,
  type WebhookJobResult,
} from './queues.js';

/** The processor of each queue; each comes from the domain that owns the work (see AppModule.jobs). */
export interface JobProcessors {
  reports: Processor<ReportJobData, ReportJobResult>;
  webhooks: Processor<WebhookJobData, WebhookJobResult>;
  pinSlips: Processor<PinSlipJobData, PinSlipJobResult>;
  recordings: Processor<RecordingJobData, RecordingJobResult>;
}
export type JobProcessorFactories = { [Q in keyof JobProcessors]?: (deps: JobDeps) => JobProcessors[Q] };

/** One batch of PIN slips at a time: its hashing already keeps a core busy. */
const CONCURRENCY_CAP: Partial<Record<keyof JobProcessors, number>> = { pinSlips: 1, recordings: 1 };

export interface RunningWorkers {
  /** Stops taking jobs and waits for the running ones (graceful); safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts a BullMQ worker per queue that has a processor. A job whose worker dies is seen as stalled
 * once its lock (JOBS_LOCK_DURATION_MS) expires and is run again by any live worker.
 */
export function startWorkers(deps: JobDeps, factories: JobProcessorFactories): RunningWorkers {
  const { redisUrl, redisPrefix, jobs } = deps.config;
  const log = deps.log.child({ module: 'jobs' });
  const workers: Worker[] = [];
  const connections: ReturnType<typeof bullConnection>[] = [];
  for (const queue of Object.keys(QUEUE_NAMES) as (keyof JobProcessors)[]) {
    const factory = factories[queue] as ((deps: JobDeps) => Processor) | undefined;
    if (!factory) continue;
    const connection = bullConnection(redisUrl, `worker-${QUEUE_NAMES[queue]}`, log);
    connections.push(connection);
    const worker = new Worker(QUEUE_NAMES[queue], factory(deps), {
      prefix: bullPrefix(redisPrefix),
      concurrency: Math.min(jobs.concurrency, CONCURRENCY_CAP[queue] ?? Infinity),
      lockDuration: jobs.lockDurationMs,
      stalledInterval: jobs.lockDurationMs,
      maxStalledCount: 2,
      connection,
    });
    worker.on('error', (error) => log.warn({ err: error.message, queue: worker.name }, 'worker error'));
    worker.on('failed', (job, error) =>
      log.warn(
        { queue: worker.name, job: job?.id, attempts: job?.attemptsMade, err: error.message },
        'job attempt failed',
      ),
    );
    worker.on('stalled', (jobId) =>
      log.warn({ queue: worker.name, job: jobId }, 'job stalled (its worker died?); it runs again'),
    );
    workers.push(worker);
  }
  log.info({ concurrency: jobs.concurrency, queues: workers.map((w) => w.name) }, 'job workers started');

  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        await Promise.allSettled(workers.map((w) => w.close()));
        await Promise.allSettled(connections.map((c) => c.quit()));
        log.info('job workers stopped');
      })();
      return closing;
    },
  };
}
