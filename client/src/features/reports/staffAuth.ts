import { API, type Identity } from '@diem-cau/shared';
import { api } from '../../lib/api';

export interface StaffSignIn {
  token: string;
  identity: Identity;
  expiresAt: number;
}

const STORAGE_KEY = 'diem-cau.staff';

/** Signs an admin or host in (POST /api/auth/login); kept for this browser tab only. */
export async function signInStaff(username: string, password: string): Promise<StaffSignIn> {
  const response = await api(API.auth.login, { body: { username, password } });
  const signIn = {
    token: response.token,
    identity: response.identity,
    expiresAt: Date.now() + response.expiresIn * 1000,
  };
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(signIn));
  } catch {
    // kept for this page view only
  }
  return signIn;
}

export function storedStaffSignIn(): StaffSignIn | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    const parsed = raw ? (JSON.parse(raw) as StaffSignIn) : null;
    return parsed && parsed.expiresAt > Date.now() ? parsed : null;
  } catch {
    return null;
  }
}

export function signOutStaff(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
}
