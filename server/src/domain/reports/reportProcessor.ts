import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import { buildReport, ReportInputError } from './ReportBuilder.js';
import { ReportStore } from './reportStore.js';
import type { JobDeps, ReportJobData, ReportJobResult } from '../../jobs/index.js';

const payloadSchema = z.object({ reportId: z.string().min(1).max(200) }).strict();

export interface ReportProcessorOptions {
  /** Test-only: wait this long between steps, so a test can kill the worker mid-way. */
  pauseBetweenStepsMs?: number;
}

/**
 * Builds a report. A malformed payload or a report that cannot be built fails at once
 * (UnrecoverableError); any other error is retried with backoff, and the report is marked failed
 * after the last attempt.
 */
export function createReportProcessor(deps: JobDeps, options: ReportProcessorOptions = {}) {
  const store = new ReportStore(deps.db);
  return async (job: Job<ReportJobData, ReportJobResult>): Promise<ReportJobResult> => {
    const payload = payloadSchema.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError('malformed report job payload');
    const { reportId } = payload.data;
    const log = deps.log.child({ job: job.id, reportId, attempt: job.attemptsMade + 1 });
    try {
      await buildReport(deps, reportId, {
        progress: (value) => job.updateProgress(value),
        pauseMs: options.pauseBetweenStepsMs,
      });
      return { reportId, status: 'done' };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final = error instanceof ReportInputError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      log.warn({ err: message, final }, 'report build failed');
      // The stored reason is shown to staff: only a ReportInputError's own words, never an internal error's text.
      const shown = error instanceof ReportInputError ? message : 'The report could not be built (see the server log)';
      if (final) await store.markFailed(reportId, shown).catch(() => undefined);
      if (error instanceof ReportInputError) throw new UnrecoverableError(message);
      throw error;
    }
  };
}
