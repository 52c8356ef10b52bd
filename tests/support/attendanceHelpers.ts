import type { AttendanceSnapshot } from '@diem-cau/shared';
import { resolveAuthSecret } from '@diem-cau/server/src/auth/secret.js';
import { checkinCode, deriveCheckinKey, stepAt } from '@diem-cau/server/src/domain/checkin/codes.js';
import type { TestSocket } from './socketClient.js';
import type { TestApp } from './testApp.js';

/** The check-in code an endpoint showed `stepsAgo` steps ago (recomputed as the server does). */
export function codeStepsAgo(t: TestApp, sessionId: string, endpointId: string, stepsAgo: number): string {
  const key = deriveCheckinKey(resolveAuthSecret(t.app.config.authSecret, t.app.config.dataDir));
  return checkinCode(key, sessionId, endpointId, stepAt(Date.now()) - stepsAgo);
}

/** Resolves with the first `attendance:panel` push that satisfies `predicate`. */
export function nextPanel(
  socket: TestSocket,
  predicate: (s: AttendanceSnapshot) => boolean,
): Promise<AttendanceSnapshot> {
  return new Promise((resolve) => {
    const listener = (s: AttendanceSnapshot): void => {
      if (!predicate(s)) return;
      socket.off('attendance:panel', listener);
      resolve(s);
    };
    socket.on('attendance:panel', listener);
  });
}
