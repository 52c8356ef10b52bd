import type { AppModule } from '../../modules/types.js';
import { endpointSocketGuard, joinEndpointDeviceRoom } from './endpointSocketGuard.js';
import { accountRoutes } from './routes.js';

/** Sign-in (accounts, endpoint keys, member PINs), tokens and account management. */
export const accountsModule: AppModule = {
  name: 'accounts',
  routes: accountRoutes,
  start: (ctx) => {
    ctx.io.use(endpointSocketGuard(ctx));
    ctx.io.on('connection', joinEndpointDeviceRoom);
  },
};
