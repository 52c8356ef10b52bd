import type { Transaction } from 'kysely';
import type { Identity, SessionStatus } from '@diem-cau/shared';
import type { DatabaseSchema } from '../../store/schema.js';

export interface JoinEvent {
  sessionId: string;
  identity: Identity;
  /** The joining connection (services reach it through ctx.live, e.g. `{ socket: socketId }`). */
  socketId: string;
}

export interface LeaveEvent {
  sessionId: string;
  identity: Identity;
  socketId: string;
  /** `leave`: the client sent session:leave; `disconnect`: the socket went away. */
  reason: 'leave' | 'disconnect';
}

export interface StatusChange {
  sessionId: string;
  from: SessionStatus;
  to: SessionStatus;
  /** ISO time stored as started_at / ended_at. */
  at: string;
}

type Hook<E> = (event: E) => Promise<void> | void;
type StatusHook = (change: StatusChange, trx: Transaction<DatabaseSchema>) => Promise<void> | void;

/**
 * Lets other domains act when a socket joins or leaves a session, or the session's status changes.
 * Hooks are awaited in registration order: a join hook that throws refuses the join (its error is
 * the ack), so a domain can write its record before the client is acknowledged. A join is one unit:
 * when a later hook throws, the `undo` of every hook that already ran is run (newest first), so no
 * interval, presence or webhook count is left behind. Status hooks run inside the status-change
 * transaction.
 */
export class SessionHooks {
  readonly #join: { hook: Hook<JoinEvent>; undo: Hook<LeaveEvent> | undefined }[] = [];
  readonly #leave: Hook<LeaveEvent>[] = [];
  readonly #status: StatusHook[] = [];

  /** `undo` takes back what `hook` did, when the join fails after it (usually the domain's leave hook). */
  onJoin(hook: Hook<JoinEvent>, options: { undo?: Hook<LeaveEvent> } = {}): void {
    this.#join.push({ hook, undo: options.undo });
  }

  onLeave(hook: Hook<LeaveEvent>): void {
    this.#leave.push(hook);
  }

  onStatusChange(hook: StatusHook): void {
    this.#status.push(hook);
  }

  /** Runs the join hooks; if one throws, undoes the ones that ran and rethrows (undo errors go to `onUndoError`). */
  async runJoin(event: JoinEvent, onUndoError: (error: unknown) => void = () => undefined): Promise<void> {
    const ran: Hook<LeaveEvent>[] = [];
    try {
      for (const { hook, undo } of this.#join) {
        await hook(event);
        if (undo) ran.push(undo);
      }
    } catch (error) {
      const leave: LeaveEvent = { ...event, reason: 'disconnect' };
      for (const undo of ran.reverse()) await Promise.resolve(undo(leave)).catch(onUndoError);
      throw error;
    }
  }

  async runLeave(event: LeaveEvent): Promise<void> {
    for (const hook of this.#leave) await hook(event);
  }

  async runStatusChange(change: StatusChange, trx: Transaction<DatabaseSchema>): Promise<void> {
    for (const hook of this.#status) await hook(change, trx);
  }
}
