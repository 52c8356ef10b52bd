import { perContext } from '../context/perContext.js';
import type { AppContext, AppModule } from '../context/types.js';
import type { JobDeps } from './jobDeps.js';
import { JobQueues } from './queues.js';
import { startWorkers, type JobProcessorFactories, type RunningWorkers } from './workers.js';

/** The app's job queues and, unless JOBS_IN_APP_WORKERS=false, its in-process workers. */
export class JobRuntime {
  readonly deps: JobDeps;
  #workers: RunningWorkers | undefined;

  constructor(ctx: AppContext) {
    const log = ctx.log.child({ module: 'jobs' });
    this.deps = { config: ctx.config, db: ctx.db, log, queues: JobQueues.fromConfig(ctx.config, log) };
  }

  get queues(): JobQueues {
    return this.deps.queues;
  }

  startWorkers(processors: JobProcessorFactories): void {
    this.#workers ??= startWorkers(this.deps, processors);
  }

  async close(): Promise<void> {
    await this.#workers?.close();
    await this.deps.queues.close();
  }
}

export const jobRuntime = perContext((ctx) => new JobRuntime(ctx));

/** The queues every domain enqueues to. */
export function jobQueues(ctx: AppContext): JobQueues {
  return jobRuntime(ctx).queues;
}

/**
 * Listed before the domains that enqueue jobs, so it stops after them; runs the processors the
 * domains contribute (AppModule.jobs), collected by the module list.
 */
export function jobsModule(processors: JobProcessorFactories): AppModule {
  return {
    name: 'jobs',
    start: (ctx) => {
      if (ctx.config.jobs.inAppWorkers) jobRuntime(ctx).startWorkers(processors);
    },
    stop: (ctx) => jobRuntime(ctx).close(),
  };
}
