import { randomBytes, randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Staff passwords are low-entropy secrets chosen by people, so they are stored as Argon2id hashes (the
 * library's defaults follow OWASP: 19 MiB, 2 passes). Member PINs are keyed hashes instead
 * (pinHashes.ts says why); Argon2 PINs written by earlier versions still verify here.
 */
export function hashSecret(secret: string): Promise<string> {
  return hash(secret);
}

/** False for a wrong secret or a malformed stored hash; never throws for those. */
export async function verifySecret(storedHash: string, secret: string): Promise<boolean> {
  try {
    return await verify(storedHash, secret);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a throwaway hash, so "no such user" costs the same time as "wrong password" and
 * login timing does not reveal which usernames or member numbers exist.
 */
export async function burnVerifyTime(secret: string): Promise<void> {
  dummyHash ??= hashSecret(randomBytes(16).toString('base64url'));
  await verifySecret(await dummyHash, secret);
}

/** A random password for generated accounts, e.g. `kq3v-9xmt-b2wr-h7pe` (≈ 80 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 4; i++) group += alphabet[randomInt(alphabet.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** A random 6-digit member PIN. */
export function generatePin(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}
