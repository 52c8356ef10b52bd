import type { AppModule } from '../../context/types.js';
import { accountRoutes } from './routes.js';

/** Sign-in (accounts, endpoint keys, member PINs, TV pairing) and account management. */
export const accountsModule: AppModule = {
  name: 'accounts',
  routes: accountRoutes,
};
