import { useEffect, useState } from 'react';
import type { FloorState, RollCall } from '@diem-cau/shared';
import { request, type AppSocket } from '../../lib/socket';

/**
 * The floor and roll call of the joined session, kept current from pushes and fetched again after
 * every (re)join (`joinedAt` changes).
 */
export function useBroadcastState(
  socket: AppSocket | null,
  joinedAt: unknown,
): { floor: FloorState; rollCall: RollCall | null } {
  const [floor, setFloor] = useState<FloorState>({ queue: [], holder: null });
  const [rollCall, setRollCall] = useState<RollCall | null>(null);

  useEffect(() => {
    if (!socket) return;
    socket.on('floor:state', setFloor);
    socket.on('rollcall:state', setRollCall);
    return () => {
      socket.off('floor:state', setFloor);
      socket.off('rollcall:state', setRollCall);
    };
  }, [socket]);

  useEffect(() => {
    if (!socket || !joinedAt) return;
    request(socket, 'floor:getState', {}).then(setFloor, () => undefined);
    request(socket, 'rollcall:getState', {}).then(setRollCall, () => undefined);
  }, [socket, joinedAt]);

  return { floor, rollCall };
}

/** Seconds until `deadline` (server time), refreshed every second. */
export function useSecondsLeft(deadline: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!deadline) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [deadline]);
  return deadline ? Math.max(0, Math.ceil((deadline - now) / 1000)) : 0;
}
