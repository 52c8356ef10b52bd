import type { AuthResponse, Identity, StandbyResponse } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import { orgErrors, type OrgService } from '../org/index.js';
import { sessionQueries } from '../sessions/index.js';
import type { AuthService } from './AuthService.js';
import { accountErrors } from './errors.js';

/** A paired TV keeps its credential through power cuts for this long (rotating the key revokes it sooner). */
export const DEVICE_CREDENTIAL_TTL_SECONDS = 400 * 86_400;

/**
 * Pairing a TV once, the way an MCU's endpoint is provisioned: the pairing link's key buys the TV a
 * device credential of its own; with it the TV shows its upcoming sessions and joins each when the
 * host starts it. The credential carries the key version, so rotating the key revokes it at once.
 */
export class DevicePairing {
  readonly #ctx: AppContext;
  readonly #org: OrgService;
  readonly #auth: AuthService;

  constructor(ctx: AppContext, deps: { org: OrgService; auth: AuthService }) {
    this.#org = deps.org;
    this.#auth = deps.auth;
    this.#ctx = ctx;
  }

  async pair(endpointKey: string): Promise<AuthResponse> {
    const endpoint = await this.#org.findEndpointByKey(endpointKey);
    if (!endpoint) throw accountErrors.unknownPairingLink();
    if (endpoint.archivedAt) throw orgErrors.endpointArchived();
    const identity: Identity = {
      subject: endpoint.id,
      role: 'endpoint',
      keyVersion: endpoint.keyVersion,
      displayName: endpoint.name,
      device: true,
    };
    const token = await this.#ctx.tokens.sign(identity, DEVICE_CREDENTIAL_TTL_SECONDS);
    this.#ctx.log.info({ endpointId: endpoint.id }, 'endpoint device paired');
    return { token, identity, expiresIn: DEVICE_CREDENTIAL_TTL_SECONDS };
  }

  /** Invited sessions that are scheduled or live, soonest first (live ones first of all). */
  async standby(device: Identity): Promise<StandbyResponse> {
    const endpoint = await this.#org.getEndpoint(device.subject);
    if (!endpoint) throw accountErrors.endpointGone();
    const sessions = (await sessionQueries.upcomingSessionsOf(this.#ctx.db, endpoint.id)).sort(
      (a, b) => Number(b.status === 'live') - Number(a.status === 'live'),
    );
    return { endpoint: { id: endpoint.id, name: endpoint.name }, sessions, now: new Date().toISOString() };
  }

  /** A session token for the device, with the same checks as a sign-in with the key; only for a live session. */
  async sessionToken(device: Identity, sessionId: string): Promise<AuthResponse> {
    return this.#auth.endpointSession(device.subject, sessionId, { liveOnly: true });
  }
}
