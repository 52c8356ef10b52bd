import type { JobDeps } from '../../jobs/index.js';

/** A report whose files are written and ready to download. */
export interface ReportReady {
  reportId: string;
  kind: string;
  sessionId: string | null;
  files: string[];
}

export type ReportReadyListener = (deps: JobDeps, event: ReportReady) => Promise<void>;

// Process-wide: reports are built in whichever process runs the job (the server or `npm run worker`),
// and a listener gets that process's deps with each event, so it holds no app state of its own.
const listeners: ReportReadyListener[] = [];

/** Reports publish, others (webhooks) subscribe: reports never depend on who listens. */
export const reportEvents = {
  onReady(listener: ReportReadyListener): void {
    if (!listeners.includes(listener)) listeners.push(listener);
  },
  /** Runs every listener; a listener's failure is logged and never fails the report. */
  async ready(deps: JobDeps, event: ReportReady): Promise<void> {
    for (const listener of listeners) {
      await listener(deps, event).catch((error: unknown) =>
        deps.log.warn({ err: error, reportId: event.reportId }, 'report.ready listener failed'),
      );
    }
  },
};
