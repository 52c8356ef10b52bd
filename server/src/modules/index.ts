import { accountsModule } from '../domain/accounts/module.js';
import { attendanceModule } from '../domain/attendance/module.js';
import { broadcastModule } from '../domain/broadcast/module.js';
import { checkinModule } from '../domain/checkin/module.js';
import { documentsModule } from '../domain/documents/module.js';
import { orgModule } from '../domain/org/module.js';
import { quizModule } from '../domain/quiz/module.js';
import { reportsModule } from '../domain/reports/module.js';
import { sessionsModule } from '../domain/sessions/module.js';
import { webhooksModule } from '../domain/webhooks/module.js';
import { jobsModule } from '../jobs/module.js';
import { systemModule } from './systemModule.js';
import type { AppModule } from './types.js';

/** The product's domain modules, in start order. Add a domain here. */
export const APP_MODULES: readonly AppModule[] = [
  systemModule,
  jobsModule,
  accountsModule,
  orgModule,
  sessionsModule,
  attendanceModule,
  checkinModule,
  documentsModule,
  broadcastModule,
  quizModule,
  reportsModule,
  webhooksModule,
];
