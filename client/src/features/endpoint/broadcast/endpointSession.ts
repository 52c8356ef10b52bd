import { API, type Identity } from '@diem-cau/shared';
import { api } from '../../../lib/api';

export interface EndpointSignIn {
  token: string;
  identity: Identity;
  sessionId: string;
}

const STORAGE_KEY = 'diem-cau.endpoint';

/** Exchanges the endpoint key for a session-bound token; the key itself is never stored. */
export async function signInEndpoint(endpointKey: string, sessionId: string): Promise<EndpointSignIn> {
  const response = await api(API.auth.endpointLogin, { body: { endpointKey, sessionId } });
  const signIn = { token: response.token, identity: response.identity, sessionId };
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(signIn));
  } catch {
    // Not kept across a reload; the operator signs in again.
  }
  return signIn;
}

/** The sign-in kept for this tab (survives a reload of the TV page). */
export function storedSignIn(sessionId: string | null): EndpointSignIn | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as EndpointSignIn;
    return !sessionId || parsed.sessionId === sessionId ? parsed : null;
  } catch {
    return null;
  }
}

export function forgetSignIn(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
}
