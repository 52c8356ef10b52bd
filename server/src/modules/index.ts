import type { AppModule } from '../context/types.js';
import { accountsModule } from '../domain/accounts/index.js';
import { auditModule } from '../domain/audit/index.js';
import { attendanceModule } from '../domain/attendance/index.js';
import { broadcastModule } from '../domain/broadcast/index.js';
import { checkinModule } from '../domain/checkin/index.js';
import { documentsModule } from '../domain/documents/index.js';
import { makeupModule } from '../domain/makeup/index.js';
import { orgModule } from '../domain/org/index.js';
import { recordingModule } from '../domain/recording/index.js';
import { quizModule } from '../domain/quiz/index.js';
import { reportsModule } from '../domain/reports/index.js';
import { sessionsModule } from '../domain/sessions/index.js';
import { webhooksModule } from '../domain/webhooks/index.js';
import { jobsModule, type JobProcessorFactories } from '../jobs/index.js';
import { systemModule } from './systemModule.js';

/** The product's domains, in start order (each stops after the ones that depend on it). Add a domain here. */
const DOMAIN_MODULES: readonly AppModule[] = [
  auditModule,
  accountsModule,
  orgModule,
  sessionsModule,
  attendanceModule,
  checkinModule,
  documentsModule,
  broadcastModule,
  recordingModule,
  quizModule,
  makeupModule,
  reportsModule,
  webhooksModule,
];

/** Every job processor the domains contribute, for the in-app workers and `npm run worker`. */
export const JOB_PROCESSORS: JobProcessorFactories = Object.assign({}, ...DOMAIN_MODULES.map((m) => m.jobs ?? {}));

export const APP_MODULES: readonly AppModule[] = [systemModule, jobsModule(JOB_PROCESSORS), ...DOMAIN_MODULES];
