import { API, type Identity, type Session } from '@diem-cau/shared';
import { api } from '../../../lib/api';

export interface HostSignIn {
  token: string;
  identity: Identity;
}

const STORAGE_KEY = 'diem-cau.host';

export async function signInHost(username: string, password: string): Promise<HostSignIn> {
  const response = await api(API.auth.login, { body: { username, password } });
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
  const list = await api(API.sessions.list, { token });
  return list.filter((s) => s.status === 'scheduled' || s.status === 'live' || s.status === 'draft');
}

/** Starts or ends the session (POST /api/sessions/:id/start|end). */
export function changeSessionStatus(token: string, sessionId: string, action: 'start' | 'end'): Promise<Session> {
  return api(action === 'start' ? API.sessions.start : API.sessions.end, { params: { id: sessionId }, token });
}
