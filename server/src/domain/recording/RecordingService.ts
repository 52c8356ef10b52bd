import type { Identity, Recording, RecordingStorage, RecordingSummary } from '@diem-cau/shared';
import { createHash } from 'node:crypto';
import { statfs } from 'node:fs/promises';
import type { FileStore } from '../../files/fileStore.js';
import type { Download } from '../../http/sendStoredFile.js';
import type { Logger } from '../../logging/logger.js';
import type { AuditActor, AuditLog } from '../audit/index.js';
import type { SessionService } from '../sessions/index.js';
import { recordingErrors } from './errors.js';
import type { LiveRecording } from './liveRecording.js';
import { buildManifest, summaryOf } from './manifest.js';
import type { MediaLinks } from './mediaLinks.js';
import { contentTypeOf, fileKey } from './recordingFiles.js';
import type { RecordingRow, RecordingStore } from './recordingStore.js';

/**
 * Who else may watch a session's recording: the makeup domain lets a member who must study it, a
 * hall make-up lets its endpoint. Staff who manage the session always may.
 */
export type RecordingViewerCheck = (identity: Identity, sessionId: string) => Promise<boolean>;

export interface RecordingServiceDeps {
  store: RecordingStore;
  files: FileStore;
  filesDir: string;
  sessions: SessionService;
  audit: AuditLog;
  links: MediaLinks;
  live: LiveRecording;
  retentionDays: number | null;
  enqueueDownload: (recordingId: string) => Promise<void>;
  log: Logger;
}

/** Recordings as staff and viewers reach them: lists, the replay manifest, files, control, deletion. */
export class RecordingService {
  readonly #d: RecordingServiceDeps;
  readonly #viewers: RecordingViewerCheck[] = [];

  constructor(deps: RecordingServiceDeps) {
    this.#d = deps;
  }

  /** Lets a later domain grant watching (members studying, a hall make-up's endpoint). */
  addViewer(check: RecordingViewerCheck): void {
    this.#viewers.push(check);
  }

  async listForSession(identity: Identity, sessionId: string): Promise<RecordingSummary[]> {
    const session = await this.#d.sessions.requireManaged(identity, sessionId);
    const row = await this.#d.store.bySession(sessionId);
    return row && row.deleted_at === null ? [summaryOf(row, session.title)] : [];
  }

  /** The replay manifest, with file links signed for this viewer. */
  async get(identity: Identity, recordingId: string): Promise<Recording> {
    const row = await this.#watchable(identity, recordingId);
    const session = await this.#d.sessions.requireSession(row.session_id);
    const [runs, segments] = await Promise.all([this.#d.store.runs(row.id), this.#d.store.segments(row.id)]);
    const link = await this.#d.links.sign({ recordingId: row.id, subject: identity.subject });
    return buildManifest({ row, sessionTitle: session.title, runs, segments, files: this.#d.files, link });
  }

  /** A file of the recording, for the holder of a valid link to it (checked on every request). */
  async file(token: unknown, recordingId: string, name: string): Promise<Download> {
    await this.#d.links.verify(token, recordingId);
    const row = await this.#d.store.byId(recordingId);
    if (!row) throw recordingErrors.notFound();
    if (row.deleted_at !== null) throw recordingErrors.deleted();
    const key = fileKey(recordingId, name);
    const info = await this.#d.files.stat(key);
    if (!info) throw recordingErrors.noSuchFile();
    const sha256 = this.#etagOf(row, name, info.sizeBytes, info.modifiedAt);
    return {
      sizeBytes: info.sizeBytes,
      sha256,
      contentType: contentTypeOf(name),
      filename: name === 'download.mkv' ? `ban-ghi-${row.session_id}.mkv` : name,
      lastModified: info.modifiedAt,
      cacheControl: 'private, no-cache',
      open: (range) => this.#d.files.get(key, range),
    };
  }

  async pause(identity: Identity, sessionId: string): Promise<{ state: RecordingRow['state'] }> {
    return this.#control(identity, sessionId, true);
  }

  async resume(identity: Identity, sessionId: string): Promise<{ state: RecordingRow['state'] }> {
    return this.#control(identity, sessionId, false);
  }

  /** Recording on (the default) or off for a session; turning it off while live ends the runs. */
  async setEnabled(actor: AuditActor, sessionId: string, enabled: boolean): Promise<{ enabled: boolean }> {
    await this.#d.sessions.requireManaged(actor.identity, sessionId);
    const before = await this.#d.store.enabled(sessionId);
    await this.#d.store.setEnabled(sessionId, enabled, new Date().toISOString());
    await this.#d.audit.record({
      actor,
      action: 'recording.settings',
      target: { type: 'session', id: sessionId },
      before: { enabled: before },
      after: { enabled },
    });
    const row = await this.#d.store.bySession(sessionId);
    if (row && (row.state === 'recording' || row.state === 'paused')) {
      await this.#d.store.setState(row.id, enabled ? 'recording' : 'paused');
      await this.#d.live.apply(sessionId, !enabled);
    }
    return { enabled };
  }

  async requestDownload(identity: Identity, recordingId: string): Promise<Recording> {
    const row = await this.#managed(identity, recordingId);
    if (row.state !== 'ready') throw recordingErrors.notReady();
    if (row.download_state !== 'done' && row.download_state !== 'running') {
      await this.#d.store.update(row.id, { download_state: 'queued', download_progress: 0 });
      await this.#d.enqueueDownload(row.id);
    }
    return this.get(identity, recordingId);
  }

  /** Admins delete a recording's media (audited); the row stays, marked deleted, for the evidence that names it. */
  async remove(actor: AuditActor, recordingId: string): Promise<RecordingSummary> {
    if (actor.identity.role !== 'admin') throw recordingErrors.adminOnly();
    const row = await this.#d.store.byId(recordingId);
    if (!row) throw recordingErrors.notFound();
    if (row.deleted_at !== null) throw recordingErrors.deleted();
    if (row.state === 'recording' || row.state === 'paused') throw recordingErrors.stillRecording();
    const summary = await this.deleteMedia(row, actor, 'recording.delete');
    if (!summary) throw recordingErrors.deleted();
    return summary;
  }

  /** Removes the files, marks the row, writes the audit entry (an admin's action, or retention's). */
  async deleteMedia(
    row: RecordingRow,
    actor: AuditActor | null,
    action: 'recording.delete' | 'recording.retention',
  ): Promise<RecordingSummary | null> {
    const session = await this.#d.sessions.getSession(row.session_id);
    const summary = summaryOf(row, session?.title ?? '');
    const at = new Date().toISOString();
    if (!(await this.#d.store.markDeleted(row.id, at))) return null;
    await this.#d.audit.record({
      actor,
      action,
      target: { type: 'recording', id: row.id },
      before: { sessionId: row.session_id, durationMs: row.duration_ms, sizeBytes: row.size_bytes, state: row.state },
      after: { deletedAt: at },
    });
    // After the row says deleted: a reader that still has a link gets GONE, not a half-deleted file.
    for (const file of await this.#d.files.list(`recordings/${row.id}/`)) await this.#d.files.delete(file.key);
    this.#d.log.info({ recordingId: row.id, action }, 'recording media deleted');
    return summary;
  }

  async storage(identity: Identity): Promise<RecordingStorage> {
    if (identity.role !== 'admin') throw recordingErrors.adminOnly();
    const rows = await this.#d.store.list();
    const titles = new Map<string, string>();
    for (const r of rows) titles.set(r.session_id, (await this.#d.sessions.getSession(r.session_id))?.title ?? '');
    const fs = await statfs(this.#d.filesDir).catch(() => undefined);
    return {
      recordings: rows.map((r) => summaryOf(r, titles.get(r.session_id) ?? '')),
      totalBytes: rows.reduce((sum, r) => sum + r.size_bytes + (r.download_bytes ?? 0), 0),
      freeBytes: fs ? Number(fs.bavail) * Number(fs.bsize) : null,
      retentionDays: this.#d.retentionDays,
    };
  }

  async #control(identity: Identity, sessionId: string, paused: boolean) {
    const session = await this.#d.sessions.requireManaged(identity, sessionId);
    if (session.status !== 'live') throw recordingErrors.notLive();
    if (!(await this.#d.store.enabled(sessionId))) throw recordingErrors.disabled();
    const row = await this.#d.store.ensure(sessionId, new Date());
    if (row.state !== 'recording' && row.state !== 'paused') throw recordingErrors.notLive();
    const state: RecordingRow['state'] = paused ? 'paused' : 'recording';
    await this.#d.store.setState(row.id, state);
    await this.#d.live.apply(sessionId, paused);
    return { state };
  }

  async #managed(identity: Identity, recordingId: string): Promise<RecordingRow> {
    const row = await this.#d.store.byId(recordingId);
    if (!row) throw recordingErrors.notFound();
    await this.#d.sessions.requireManaged(identity, row.session_id);
    if (row.deleted_at !== null) throw recordingErrors.deleted();
    return row;
  }

  async #watchable(identity: Identity, recordingId: string): Promise<RecordingRow> {
    const row = await this.#d.store.byId(recordingId);
    if (!row) throw recordingErrors.notFound();
    const session = await this.#d.sessions.requireSession(row.session_id);
    let allowed = this.#d.sessions.canManage(identity, session);
    for (const check of this.#viewers) if (!allowed) allowed = await check(identity, row.session_id);
    if (!allowed) throw recordingErrors.mayNotWatch();
    if (row.deleted_at !== null) throw recordingErrors.deleted();
    return row;
  }

  /** A strong validator without reading the file: the segments' digests for renditions are not it. */
  #etagOf(row: RecordingRow, name: string, size: number, modified: Date): string {
    return createHash('sha256').update(`${row.id}/${name}/${size}/${modified.getTime()}`).digest('hex');
  }
}
