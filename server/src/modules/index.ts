import { accountsModule } from '../domain/accounts/module.js';
import { orgModule } from '../domain/org/module.js';
import { sessionsModule } from '../domain/sessions/module.js';
import { systemModule } from './systemModule.js';
import type { AppModule } from './types.js';

/** The product's domain modules, in start order. Add a domain here. */
export const APP_MODULES: readonly AppModule[] = [systemModule, accountsModule, orgModule, sessionsModule];
