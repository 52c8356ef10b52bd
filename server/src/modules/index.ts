import { systemModule } from './systemModule.js';
import type { AppModule } from './types.js';

/** The product's domain modules, in start order. Add a domain here. */
export const APP_MODULES: readonly AppModule[] = [systemModule];
