import type { Database } from '../../store/database.js';
import { closeOverdueRuns, openRuns } from './quizStore.js';
import type { RunState } from './runState.js';

/**
 * Start-up recovery of the live quiz: runs whose deadline passed while the server was down are
 * closed at their deadline; the runs still open are returned, for the caller to keep and re-arm.
 */
export async function recoverOpenRuns(db: Database, nowMs = Date.now()): Promise<RunState[]> {
  await closeOverdueRuns(db, nowMs);
  return openRuns(db);
}
