// The accounts domain's wiring: one instance of each service per app, and what each is given.
import { perContext } from '../../context/perContext.js';
import { hashingGate } from '../../auth/hashingGate.js';
import { pinHashes } from '../../auth/pinHashes.js';
import { signInLimiter } from '../../auth/signInLimiter.js';
import { auditLog } from '../audit/index.js';
import { orgService } from '../org/index.js';
import { sessionService } from '../sessions/index.js';
import { AccountService } from './AccountService.js';
import { AuthService } from './AuthService.js';
import { DevicePairing } from './DevicePairing.js';

export const accountService = perContext((ctx) => new AccountService(ctx.db, { audit: auditLog(ctx) }));
export const authService = perContext(
  (ctx) =>
    new AuthService(ctx, {
      org: orgService(ctx),
      sessions: sessionService(ctx),
      gate: hashingGate(ctx),
      pins: pinHashes(ctx),
      limits: signInLimiter(ctx),
    }),
);
export const devicePairing = perContext(
  (ctx) => new DevicePairing(ctx, { org: orgService(ctx), auth: authService(ctx) }),
);
