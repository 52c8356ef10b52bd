import type { AppContext } from '../../context/types.js';
import { jobQueues } from '../../jobs/index.js';
import { studyHooks } from '../makeup/index.js';
import { recordingEvents } from '../recording/index.js';
import { reportEvents } from '../reports/index.js';
import { sessionService, type LeaveEvent } from '../sessions/index.js';
import { dispatchPending, publishEvent, recordEvent } from './publisher.js';

/** `report.ready` for every report built, in whichever process built it (see reports/events.ts). */
export function subscribeReportEvents(): void {
  reportEvents.onReady(async (deps, report) => {
    await publishEvent(deps, { type: 'report.ready', eventId: `report.ready.${report.reportId}`, data: { ...report } });
  });
}

/** `recording.ready` once a recording's renditions are made (in whichever process ran the job). */
export function subscribeRecordingEvents(): void {
  recordingEvents.onReady(async (deps, recording) => {
    await publishEvent(deps, {
      type: 'recording.ready',
      eventId: `recording.ready.${recording.recordingId}`,
      data: { ...recording },
    });
  });
}

/**
 * `makeup.completed` when a member completes make-up study: recorded inside the transaction that
 * stores the completion, dispatched once it committed.
 */
export function subscribeMakeupEvents(ctx: AppContext): void {
  const log = ctx.log.child({ module: 'webhooks' });
  studyHooks(ctx).onCompleted(async (completed, trx) => {
    await recordEvent(trx, {
      type: 'makeup.completed',
      eventId: `makeup.completed.${completed.sessionId}.${completed.memberId}`,
      data: { ...completed },
    });
    setImmediate(
      () =>
        void dispatchPending(ctx.db, jobQueues(ctx)).catch((error: unknown) =>
          log.warn({ err: error }, 'webhook dispatch failed'),
        ),
    );
  });
}

/**
 * Turns session life into webhook events through the sessions domain's hooks:
 * - status change → `session.started` / `session.ended`, recorded inside the status transaction
 *   (the event exists exactly when the change committed), dispatched right after;
 * - an endpoint's first socket joining → `endpoint.joined`, its last socket leaving → `endpoint.left`
 *   (an endpoint may have several screens; counted per node).
 * A webhook problem never refuses a join or a status change: errors are logged.
 */
export function subscribeSessionEvents(ctx: AppContext): void {
  const hooks = sessionService(ctx).hooks;
  const log = ctx.log.child({ module: 'webhooks' });
  const deps = () => ({ db: ctx.db, queues: jobQueues(ctx), log });
  const sockets = new Map<string, number>();

  hooks.onStatusChange(async (change, trx) => {
    if (change.to !== 'live' && change.to !== 'ended') return;
    const type = change.to === 'live' ? 'session.started' : 'session.ended';
    await recordEvent(trx, {
      type,
      eventId: `${type}.${change.sessionId}`,
      data: { sessionId: change.sessionId, at: change.at },
    });
    // Runs once the transaction released the store (the dispatcher's query waits for it).
    setImmediate(
      () =>
        void dispatchPending(ctx.db, jobQueues(ctx)).catch((error: unknown) =>
          log.warn({ err: error }, 'webhook dispatch failed'),
        ),
    );
  });

  const left = async ({ sessionId, identity, reason }: LeaveEvent): Promise<void> => {
    if (identity.role !== 'endpoint') return;
    const key = `${sessionId}/${identity.subject}`;
    const count = (sockets.get(key) ?? 1) - 1;
    if (count > 0) {
      sockets.set(key, count);
      return;
    }
    sockets.delete(key);
    await publishEvent(deps(), {
      type: 'endpoint.left',
      data: { sessionId, endpointId: identity.subject, reason, at: new Date().toISOString() },
    }).catch((error: unknown) => log.warn({ err: error, sessionId }, 'endpoint.left webhook not recorded'));
  };

  hooks.onJoin(
    async ({ sessionId, identity }) => {
      if (identity.role !== 'endpoint') return;
      const key = `${sessionId}/${identity.subject}`;
      const count = (sockets.get(key) ?? 0) + 1;
      sockets.set(key, count);
      if (count > 1) return;
      await publishEvent(deps(), {
        type: 'endpoint.joined',
        data: { sessionId, endpointId: identity.subject, at: new Date().toISOString() },
      }).catch((error: unknown) => log.warn({ err: error, sessionId }, 'endpoint.joined webhook not recorded'));
    },
    { undo: left },
  );

  hooks.onLeave(left);
}
