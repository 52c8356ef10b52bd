import type { Request } from 'express';
import type { Identity } from '@diem-cau/shared';
import { identityOf } from '../../auth/requireAuth.js';

/** Who acted, and from where: the client's address as Express sees it (`trust proxy`: loopback). */
export interface AuditActor {
  identity: Identity;
  address: string | null;
}

/** The actor of an authenticated request (a route after requireAuth). */
export function actorOf(req: Request): AuditActor {
  return { identity: identityOf(req), address: req.ip ?? null };
}
