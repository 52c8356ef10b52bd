import { API, type StandbyResponse } from '@diem-cau/shared';
import { api } from '../../../lib/api';
import type { EndpointSignIn } from '../broadcast/endpointSession';

/** A paired TV's own credential, kept across power cuts and browser restarts (localStorage). */
export interface DeviceCredential {
  token: string;
  endpointId: string;
  name: string;
}

const STORAGE_KEY = 'diem-cau.endpoint-device';

export function storedDevice(): DeviceCredential | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as DeviceCredential) : null;
  } catch {
    return null;
  }
}

export function forgetDevice(): void {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
}

/** Exchanges the pairing link's key for the device credential; the key itself is never stored. */
export async function pairDevice(endpointKey: string): Promise<DeviceCredential> {
  const response = await api(API.auth.endpointPair, { body: { endpointKey } });
  const device = {
    token: response.token,
    endpointId: response.identity.subject,
    name: response.identity.displayName ?? '',
  };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(device));
  return device;
}

export function fetchStandby(device: DeviceCredential): Promise<StandbyResponse> {
  return api(API.auth.standby, { token: device.token });
}

/** A token for one live session, bought with the device credential. */
export async function deviceSessionSignIn(device: DeviceCredential, sessionId: string): Promise<EndpointSignIn> {
  const response = await api(API.auth.deviceSession, { body: { sessionId }, token: device.token });
  return { token: response.token, identity: response.identity, sessionId };
}
