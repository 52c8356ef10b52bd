import { hkdfSync } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { recordingErrors } from './errors.js';

const ISSUER = 'diem-cau';
const AUDIENCE = 'diem-cau-recording';

/** A watcher's right to one recording's files, carried in the file URLs (`?t=`). */
export interface MediaGrant {
  recordingId: string;
  subject: string;
}

/**
 * Signed, expiring links to a recording's files. A <video> element fetches its source (and every
 * range of it) without an Authorization header, so the right to watch travels in the URL: a JWT
 * for this recording and this viewer, signed with a key derived from the auth secret for this use
 * only (a link is never an access token). Requests are not logged with their URLs.
 */
export class MediaLinks {
  readonly #key: Uint8Array;
  readonly #ttlSeconds: number;

  constructor(authSecret: string, ttlSeconds: number) {
    this.#key = new Uint8Array(
      hkdfSync(
        'sha256',
        Buffer.from(authSecret, 'utf8'),
        Buffer.from('diem-cau'),
        Buffer.from('recording-link/v1'),
        32,
      ),
    );
    this.#ttlSeconds = ttlSeconds;
  }

  sign(grant: MediaGrant): Promise<string> {
    return new SignJWT({ rid: grant.recordingId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(grant.subject)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.#ttlSeconds}s`)
      .sign(this.#key);
  }

  /** The grant, when `token` is a valid link to `recordingId`'s files; UNAUTHENTICATED otherwise. */
  async verify(token: unknown, recordingId: string): Promise<MediaGrant> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 2048)
      throw recordingErrors.badLink('missing');
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'sub'],
      });
      if (payload.rid !== recordingId) throw recordingErrors.badLink('for another recording');
      return { recordingId, subject: payload.sub! };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw recordingErrors.badLink('expired');
      if (error instanceof Error && 'code' in error && error.code === 'UNAUTHENTICATED') throw error;
      throw recordingErrors.badLink('not signed by this server');
    }
  }
}
