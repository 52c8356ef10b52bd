import { useEffect, useState } from 'react';
import { API, type HallChoice } from '@diem-cau/shared';
import { api } from '../../../lib/api';
import type { EndpointSignIn } from '../broadcast/endpointSession';
import { deviceSessionSignIn, type DeviceCredential } from './deviceCredential';

/** Recordings become ready minutes after a session ends: the list is asked again this often on standby. */
const CHOICES_POLL_MS = 30_000;

/**
 * The sessions this TV's hall may make up (GET /api/endpoint/makeup with the device credential),
 * while the TV is on standby. Empty when unknown: a failed ask hides the buttons, it never blocks.
 */
export function useHallChoices(device: DeviceCredential, onStandby: boolean): HallChoice[] {
  const [choices, setChoices] = useState<HallChoice[]>([]);
  useEffect(() => {
    if (!onStandby) return;
    let current = true;
    const ask = () =>
      api(API.makeupStudy.hallChoices, { token: device.token }).then(
        (list) => current && setChoices(list),
        () => undefined,
      );
    void ask();
    const timer = setInterval(() => void ask(), CHOICES_POLL_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [device, onStandby]);
  return choices;
}

/** Opens (or finds the open) hall make-up of `sessionId` at this endpoint, then buys the TV's token for it. */
export async function openHallMakeup(device: DeviceCredential, sessionId: string): Promise<EndpointSignIn> {
  const hall = await api(API.makeupStudy.openHall, {
    token: device.token,
    body: { sessionId, endpointId: device.endpointId },
  });
  return deviceSessionSignIn(device, hall.sessionId);
}
