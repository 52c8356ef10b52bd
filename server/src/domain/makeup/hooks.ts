import type { Executor } from '../../store/database.js';

/** A member completed make-up study (individually, or in a hall's make-up session). */
export interface MakeupCompleted {
  sessionId: string;
  memberId: string;
  recordingId: string;
  watchedMs: number;
  durationMs: number;
  completedAt: string;
  kind: 'individual' | 'hall';
}

export type MakeupCompletedListener = (event: MakeupCompleted, trx: Executor) => Promise<void>;

/**
 * What make-up study announces to the domains above it (webhooks): run inside the transaction that
 * stores the completion, so the announcement exists exactly when the completion does.
 */
export class StudyHooks {
  readonly #completed: MakeupCompletedListener[] = [];

  onCompleted(listener: MakeupCompletedListener): void {
    this.#completed.push(listener);
  }

  async completed(event: MakeupCompleted, trx: Executor): Promise<void> {
    for (const listener of this.#completed) await listener(event, trx);
  }
}
