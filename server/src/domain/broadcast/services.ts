// The broadcast domain's wiring: one instance per app, and what it is given.
import { perContext } from '../../context/perContext.js';
import { sessionService } from '../sessions/index.js';
import { BroadcastDomain } from './BroadcastDomain.js';

export const broadcastDomain = perContext((ctx) => new BroadcastDomain(ctx, sessionService(ctx)));
