import type { AuthResponse, Identity, Session } from '@diem-cau/shared';
import { RequestError, postJson } from '../../../lib/socket';

export interface HostSignIn {
  token: string;
  identity: Identity;
}

const STORAGE_KEY = 'diem-cau.host';

export async function signInHost(username: string, password: string): Promise<HostSignIn> {
  const response = await postJson<AuthResponse>('/api/auth/login', { username, password });
  const signIn = { token: response.token, identity: response.identity };
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(signIn));
  } catch {
    // kept for this page view only
  }
  return signIn;
}

export function storedHostSignIn(): HostSignIn | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as HostSignIn) : null;
  } catch {
    return null;
  }
}

/** Sessions the host may run now (scheduled or live). */
export async function listOpenSessions(token: string): Promise<Session[]> {
  const response = await fetch('/api/sessions', { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new RequestError('UNAVAILABLE', `HTTP ${response.status}`);
  const list = (await response.json()) as Session[];
  return list.filter((s) => s.status === 'scheduled' || s.status === 'live' || s.status === 'draft');
}

/** Starts or ends the session (POST /api/sessions/:id/start|end). */
export function changeSessionStatus(token: string, sessionId: string, action: 'start' | 'end'): Promise<Session> {
  return postJson<Session>(`/api/sessions/${encodeURIComponent(sessionId)}/${action}`, {}, token);
}
