import { useCallback, useEffect, useRef, useState } from 'react';
import type { StandbyResponse } from '@diem-cau/shared';
import { ApiError } from '../../../lib/api';
import { EndpointScreen } from '../broadcast/EndpointScreen';
import type { EndpointSignIn } from '../broadcast/endpointSession';
import { deviceSessionSignIn, fetchStandby, forgetDevice, type DeviceCredential } from './deviceCredential';
import { openHallMakeup, useHallChoices } from './useHallChoices';
import { StandbyScreen } from './StandbyScreen';

const POLL_MS = 3_000;
/** How long the TV shows "ended" before returning to standby. */
const ENDED_HOLD_MS = 8_000;

/**
 * A paired TV: standby with its upcoming sessions, into a session by itself as soon as the host
 * starts it (as an MCU dials out), and back to standby when it ends. Polling keeps it simple and
 * survives every kind of outage; a TV needs no socket until a session is live. A session token the
 * server stops taking mid-session (it expired: the server ends such sockets) is replaced at the next
 * poll with a new one bought with the device credential.
 */
export function PairedEndpoint({
  device,
  tcpOnly,
  onRevoked,
}: {
  device: DeviceCredential;
  tcpOnly: boolean;
  onRevoked: (code: string) => void;
}) {
  const [standby, setStandby] = useState<StandbyResponse | null>(null);
  const [offline, setOffline] = useState(false);
  // Archived by an admin: the credential is kept (a restore makes it good again) and the TV says why it waits.
  const [archived, setArchived] = useState(false);
  const [active, setActive] = useState<EndpointSignIn | null>(null);
  const activeRef = useRef<EndpointSignIn | null>(null);
  activeRef.current = active;
  const clockSkew = useRef(0);
  const endedSince = useRef<number | null>(null);
  /** The session token was refused (it expired, the server closed the socket): buy a new one. */
  const tokenRefused = useRef(false);
  const onSignedOut = useCallback(() => {
    tokenRefused.current = true;
  }, []);
  const choices = useHallChoices(device, active === null && !archived);
  // A hall make-up is live at once: the TV goes into it now rather than at the next poll.
  const openMakeup = useCallback(
    async (sessionId: string) => {
      const signIn = await openHallMakeup(device, sessionId);
      endedSince.current = null;
      tokenRefused.current = false;
      activeRef.current = signIn;
      setActive(signIn);
    },
    [device],
  );

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const data = await fetchStandby(device);
        if (stopped) return;
        clockSkew.current = new Date(data.now).getTime() - Date.now();
        setStandby(data);
        setOffline(false);
        setArchived(false);
        // In a session: leave it for standby once it has not been live for a while.
        const current = activeRef.current;
        if (current) {
          const stillLive = data.sessions.some((s) => s.id === current.sessionId && s.status === 'live');
          if (stillLive) endedSince.current = null;
          else endedSince.current ??= Date.now();
          if (endedSince.current !== null && Date.now() - endedSince.current > ENDED_HOLD_MS) {
            endedSince.current = null;
            activeRef.current = null;
            setActive(null);
          }
        }
        const live = data.sessions.find((s) => s.status === 'live');
        const renew = activeRef.current && tokenRefused.current && live?.id === activeRef.current.sessionId;
        if (renew) {
          const signIn = await deviceSessionSignIn(device, live.id);
          if (!stopped) {
            tokenRefused.current = false;
            setActive(signIn);
          }
        }
        if (live && !activeRef.current) {
          const signIn = await deviceSessionSignIn(device, live.id);
          if (!stopped) {
            endedSince.current = null;
            tokenRefused.current = false;
            setActive(signIn);
          }
        }
      } catch (error) {
        if (stopped) return;
        if (error instanceof ApiError && error.details?.some((d) => d.message === 'archived')) {
          activeRef.current = null;
          setActive(null);
          setArchived(true);
          return;
        }
        if (
          error instanceof ApiError &&
          (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN') &&
          error.status !== 0
        ) {
          forgetDevice();
          onRevoked(error.code);
          return;
        }
        setOffline(true);
      } finally {
        if (!stopped) timer = setTimeout(() => void tick(), POLL_MS);
      }
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [device, onRevoked]);

  if (active)
    return <EndpointScreen key={active.sessionId} signIn={active} tcpOnly={tcpOnly} onSignedOut={onSignedOut} />;
  return (
    <StandbyScreen
      name={standby?.endpoint.name ?? device.name}
      sessions={standby?.sessions ?? null}
      offline={offline}
      archived={archived}
      clockSkewMs={clockSkew.current}
      makeups={choices}
      onOpenMakeup={openMakeup}
    />
  );
}
