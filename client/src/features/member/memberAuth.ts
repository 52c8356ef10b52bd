import { API, type Identity } from '@diem-cau/shared';
import { api } from '../../lib/api';

export interface MemberSignIn {
  token: string;
  identity: Identity;
  expiresAt: number;
}

const STORAGE_KEY = 'diem-cau.member';

/** Member number and PIN (POST /api/auth/member); kept for this tab only. */
export async function signInMember(memberNumber: string, pin: string): Promise<MemberSignIn> {
  const response = await api(API.auth.memberLogin, { body: { memberNumber, pin } });
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

export function storedMemberSignIn(): MemberSignIn | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    const parsed = raw ? (JSON.parse(raw) as MemberSignIn) : null;
    return parsed && parsed.expiresAt > Date.now() ? parsed : null;
  } catch {
    return null;
  }
}

export function signOutMember(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
}
