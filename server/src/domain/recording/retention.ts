import type { Logger } from '../../logging/logger.js';
import type { RecordingService } from './RecordingService.js';
import type { RecordingStore } from './recordingStore.js';

const DAY_MS = 86_400_000;

/**
 * Deletes the media of recordings whose session ended more than `days` ago (the row stays, marked
 * deleted; each deletion is audited as `recording.retention`). Every node may run it: a recording
 * another node deleted first is skipped.
 */
export async function applyRetention(
  store: RecordingStore,
  service: RecordingService,
  days: number,
  log: Logger,
  now = Date.now(),
): Promise<number> {
  const endedBefore = new Date(now - days * DAY_MS).toISOString();
  let deleted = 0;
  for (const row of await store.list({ states: ['ready', 'failed'], endedBefore })) {
    try {
      if (await service.deleteMedia(row, null, 'recording.retention')) deleted++;
    } catch (err) {
      log.warn({ err, recordingId: row.id }, 'retention could not delete a recording');
    }
  }
  if (deleted > 0) log.info({ deleted, days }, 'recordings past retention deleted');
  return deleted;
}
