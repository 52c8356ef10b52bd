import { createHash, randomBytes } from 'node:crypto';
import type { Identity } from '@diem-cau/shared';
import { orgErrors } from './errors.js';

/** A new endpoint key: 32 random bytes, base64url (43 characters). Shown once, never stored. */
export function generateEndpointKey(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Endpoint keys are 256-bit random values, not human-chosen, so a fast hash is right: nobody can
 * brute-force a 256-bit pre-image, and a slow KDF would only make each endpoint sign-in costly. The
 * stored SHA-256 lets the server find the endpoint by its key with an indexed lookup.
 */
export function hashEndpointKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('base64url');
}

/**
 * An endpoint token is valid only while it carries the endpoint's current key version; rotation
 * increments the version, revoking every token issued with the old key.
 */
export function isKeyVersionCurrent(tokenKeyVersion: number | undefined, storedKeyVersion: number): boolean {
  return tokenKeyVersion !== undefined && tokenKeyVersion === storedKeyVersion && storedKeyVersion > 0;
}

/**
 * The identity check org registers: an endpoint's token must carry its current key version, and the
 * endpoint must not be archived (restoring it makes its key and tokens good again).
 */
export function endpointKeyCheck(org: {
  getEndpoint(id: string): Promise<{ keyVersion: number; archivedAt: string | null } | undefined>;
}) {
  return async (identity: Identity): Promise<void> => {
    if (identity.role !== 'endpoint') return;
    const endpoint = await org.getEndpoint(identity.subject);
    if (!endpoint || !isKeyVersionCurrent(identity.keyVersion, endpoint.keyVersion)) {
      throw orgErrors.keyRotated();
    }
    if (endpoint.archivedAt) throw orgErrors.endpointArchived();
  };
}

/** The identity check for members: an archived member's tokens are refused (REST and new sockets). */
export function memberArchiveCheck(isArchived: (memberId: string) => Promise<boolean>) {
  return async (identity: Identity): Promise<void> => {
    if (identity.role === 'member' && (await isArchived(identity.subject))) throw orgErrors.memberArchived();
  };
}
