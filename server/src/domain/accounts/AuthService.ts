import type { AuthResponse, Identity } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import { orgErrors, type OrgService } from '../org/index.js';
import type { SessionService } from '../sessions/index.js';
import type { AuditActor } from '../audit/index.js';
import { isJoinable, sessionErrors } from '../sessions/index.js';
import type { HashingGate } from '../../auth/hashingGate.js';
import type { PinHashes } from '../../auth/pinHashes.js';
import type { SignInKind, SignInLimiter, SignInVerdict } from '../../auth/signInLimiter.js';
import { accountErrors } from './errors.js';

/**
 * Signs people and endpoints in, and verifies the tokens it issued.
 *
 * Token claims (HS256 JWT, see auth/tokens.ts; `sub` = subject):
 * - admin/host: `{ sub: accountId, role, displayName }`
 * - endpoint:   `{ sub: endpointId, role: 'endpoint', sessionId, keyVersion, displayName }` — one session only
 * - member:     `{ sub: memberId, role: 'member', sessionId?, displayName }`
 */
export class AuthService {
  readonly #ctx: AppContext;
  readonly #org: OrgService;
  readonly #sessions: SessionService;
  readonly #gate: HashingGate;
  readonly #pins: PinHashes;
  readonly #limits: SignInLimiter;

  constructor(
    ctx: AppContext,
    deps: { org: OrgService; sessions: SessionService; gate: HashingGate; pins: PinHashes; limits: SignInLimiter },
  ) {
    this.#org = deps.org;
    this.#sessions = deps.sessions;
    this.#gate = deps.gate;
    this.#pins = deps.pins;
    this.#limits = deps.limits;
    this.#ctx = ctx;
  }

  /** `address` is the client's (http/loginRateLimit.ts `clientAddress`): the sign-in limits count per address. */
  async login(username: string, password: string, address: string): Promise<AuthResponse> {
    const account = await this.#ctx.db
      .selectFrom('accounts')
      .select(['id', 'display_name', 'role', 'password_hash'])
      .where('username', '=', username.toLowerCase())
      .executeTakeFirst();
    const verdict = await this.#limits.attempt(
      {
        kind: 'staff',
        address,
        name: username,
        ...(account && { account: { id: account.id, secretHash: account.password_hash } }),
      },
      async () => (account ? this.#gate.verify(account.password_hash, password) : this.#refuse(password)),
    );
    if (!account || verdict.outcome !== 'ok') throw refusal('staff', verdict);
    return this.#issue({ subject: account.id, role: account.role, displayName: account.display_name });
  }

  /** An endpoint's key buys a token for one session it is invited to. */
  async endpointLogin(endpointKey: string, sessionId: string): Promise<AuthResponse> {
    const endpoint = await this.#org.findEndpointByKey(endpointKey);
    if (!endpoint) throw accountErrors.unknownEndpointKey();
    if (endpoint.archivedAt) throw orgErrors.endpointArchived();
    return this.endpointSession(endpoint.id, sessionId);
  }

  /** A session-bound endpoint token for an endpoint already identified (by its key or its paired device). */
  async endpointSession(
    endpointId: string,
    sessionId: string,
    options: { liveOnly?: boolean } = {},
  ): Promise<AuthResponse> {
    const endpoint = await this.#org.getEndpoint(endpointId);
    if (!endpoint) throw accountErrors.endpointGone();
    if (endpoint.archivedAt) throw orgErrors.endpointArchived();
    const session = await this.#sessions.requireSession(sessionId);
    if (!(await this.#sessions.isInvited(sessionId, endpoint.id))) throw sessionErrors.endpointNotInvited();
    if (!isJoinable(session.status) || (options.liveOnly && session.status !== 'live'))
      throw sessionErrors.wrongStatus(session.status);
    return this.#issue({
      subject: endpoint.id,
      role: 'endpoint',
      sessionId,
      keyVersion: endpoint.keyVersion,
      displayName: endpoint.name,
    });
  }

  /** Member number and PIN; with `sessionId` the token is bound to that (scheduled or live) session. */
  async memberLogin(
    memberNumber: string,
    pin: string,
    sessionId: string | undefined,
    address: string,
  ): Promise<AuthResponse> {
    const member = await this.#org.findMemberByNumber(memberNumber);
    const pinHash = member?.pin_hash;
    const verdict = await this.#limits.attempt(
      {
        kind: 'member',
        address,
        name: memberNumber,
        ...(member && { account: { id: member.id, secretHash: member.pin_hash } }),
      },
      async () => {
        if (pinHash) return this.#pins.verify(pinHash, pin);
        this.#pins.burn(pin);
        return false;
      },
    );
    if (!member || verdict.outcome !== 'ok') throw refusal('member', verdict);
    if (pinHash && this.#pins.needsRehash(pinHash)) await this.#org.rehashMemberPin(member.id, pinHash, pin);
    // Told only to the holder of the right PIN, so it reveals nothing to someone guessing numbers.
    if (member.archived_at) throw orgErrors.memberArchived();
    if (sessionId) {
      const session = await this.#sessions.requireSession(sessionId);
      if (!isJoinable(session.status)) throw sessionErrors.wrongStatus(session.status);
    }
    return this.#issue({
      subject: member.id,
      role: 'member',
      displayName: member.full_name,
      ...(sessionId && { sessionId }),
    });
  }

  /** A member's own new PIN; the current one must be right (the slip's PIN then stops working). */
  async changeMemberPin(actor: AuditActor, currentPin: string, newPin: string, address: string): Promise<void> {
    await this.#org.changeMemberPin(actor.identity.subject, currentPin, newPin, address, actor);
  }

  /** No staff account under the name: the same Argon2 cost as a wrong password, then "wrong". */
  async #refuse(secret: string): Promise<false> {
    await this.#gate.burn(secret);
    return false;
  }

  async #issue(identity: Identity): Promise<AuthResponse> {
    const token = await this.#ctx.tokens.sign(identity);
    return { token, identity, expiresIn: this.#ctx.config.accessTokenTtlSeconds };
  }
}

/** The answer to a sign-in that did not succeed; a wrong name and a wrong secret answer alike. */
function refusal(kind: SignInKind, verdict: SignInVerdict) {
  switch (verdict.outcome) {
    case 'limited':
      return verdict.scope === 'address'
        ? accountErrors.tooManyFromAddress(verdict.retryAfterSeconds)
        : accountErrors.tooManyOnAccount(verdict.retryAfterSeconds);
    case 'locked':
      return kind === 'member'
        ? accountErrors.pinLocked(verdict.retryAfterSeconds)
        : accountErrors.passwordLocked(verdict.retryAfterSeconds);
    default:
      return kind === 'member' ? accountErrors.wrongPin() : accountErrors.wrongPassword();
  }
}
