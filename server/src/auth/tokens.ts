import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { identitySchema, type Identity } from '@diem-cau/shared';
import { AppError } from '../errors/AppError.js';

const ISSUER = 'diem-cau';
const AUDIENCE = 'diem-cau-client';

export interface VerifiedToken {
  identity: Identity;
  /** When the token stops being valid, in ms since the epoch (its `exp` claim). */
  expiresAt: number;
}

/** Signs and verifies the platform's access tokens (HS256 JWTs that expire). */
export class TokenService {
  readonly #key: Uint8Array;
  readonly #ttlSeconds: number;

  constructor(secret: string, ttlSeconds: number) {
    this.#key = new TextEncoder().encode(secret);
    this.#ttlSeconds = ttlSeconds;
  }

  async sign(identity: Identity, ttlSeconds = this.#ttlSeconds): Promise<string> {
    const { subject, ...claims } = identitySchema.parse(identity);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.#key);
  }

  /** Returns the identity, or throws `UNAUTHENTICATED` with the reason (expired, bad signature…). */
  async verify(token: string): Promise<Identity> {
    return (await this.verifyToken(token)).identity;
  }

  /**
   * `verify`, plus when the token expires (ms since the epoch, from its `exp` claim): a connection
   * that outlives its token is ended then. The Identity shape clients share stays as it is.
   */
  async verifyToken(token: string): Promise<VerifiedToken> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['exp'],
      });
      const parsed = identitySchema.safeParse({ ...payload, subject: payload.sub });
      if (!parsed.success) throw new AppError('UNAUTHENTICATED', 'Token claims are malformed');
      return { identity: parsed.data, expiresAt: payload.exp! * 1000 };
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof joseErrors.JWTExpired)
        throw new AppError('UNAUTHENTICATED', 'Token expired', { cause: error });
      throw new AppError('UNAUTHENTICATED', 'Token is invalid', { cause: error });
    }
  }
}
