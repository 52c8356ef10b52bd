// The job queues (BullMQ): what domains enqueue to and how processors run, in the server or apart.
export { jobQueues, jobsModule } from './module.js';
export type { JobDeps } from './jobDeps.js';
export { JOB_NAMES, JobQueues, QUEUE_NAMES } from './queues.js';
export type {
  PinSlipJobData,
  PinSlipJobResult,
  RecordingJobData,
  RecordingJobResult,
  ReportJobData,
  ReportJobResult,
  WebhookJobData,
  WebhookJobResult,
} from './queues.js';
export { startWorkers, type JobProcessorFactories, type JobProcessors, type RunningWorkers } from './workers.js';
