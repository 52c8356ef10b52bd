import { isStaff } from '@diem-cau/shared';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { DocumentKind, Identity, SessionDocument } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import { AppError } from '../../errors/AppError.js';
import type { ByteRange, FileStore } from '../../files/fileStore.js';
import type { Executor } from '../../store/database.js';
import type { SessionDocumentTable } from '../../store/schema.js';
import type { AuditActor, AuditLog } from '../audit/index.js';
import { checkinQueries } from '../checkin/index.js';
import { orgQueries } from '../org/index.js';
import { sessionErrors, sessionQueries, type SessionRecord, type SessionService } from '../sessions/index.js';
import { documentErrors } from './errors.js';
import { checkDocumentType } from './fileCheck.js';
import { documentKey } from './moveToFiles.js';

type Row = Omit<SessionDocumentTable, 'content' | 'uploaded_by' | 'storage_key'>;

/** A document to send: its description, and its bytes to open whole or by range. */
export type DocumentDownload = SessionDocument & { open(range?: ByteRange): Promise<Readable> };
const COLUMNS = [
  'id',
  'session_id',
  'kind',
  'title',
  'filename',
  'mime_type',
  'size_bytes',
  'sha256',
  'uploaded_at',
] as const;

const toApi = (r: Row): SessionDocument => ({
  id: r.id,
  sessionId: r.session_id,
  kind: r.kind,
  title: r.title,
  filename: r.filename,
  mimeType: r.mime_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  uploadedAt: r.uploaded_at,
});

/** What the audit log keeps of a document: which file it was, never its content. */
const audited = (r: Row): Record<string, unknown> => ({
  sessionId: r.session_id,
  kind: r.kind,
  title: r.title,
  filename: r.filename,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
});

/** A file name safe for a Content-Disposition header and a file system: no paths or control characters. */
function safeFilename(name: string, extension: string): string {
  const base =
    name
      .normalize('NFC')
      .replace(/[\\/:*?"<>|\p{Cc}]+/gu, '_')
      .replace(/\.[^.]*$/, '')
      .trim()
      .slice(0, 120) || 'tai-lieu';
  return `${base}.${extension}`;
}

/**
 * Session documents: the session's host (or an admin) uploads them; admins, hosts, the session's
 * invited endpoints and its members read them.
 */
export class DocumentService {
  readonly #ctx: AppContext;
  readonly #sessions: SessionService;
  readonly #audit: AuditLog;
  readonly #files: FileStore;

  constructor(ctx: AppContext, deps: { sessions: SessionService; audit: AuditLog; files: FileStore }) {
    this.#sessions = deps.sessions;
    this.#audit = deps.audit;
    this.#files = deps.files;
    this.#ctx = ctx;
  }

  /**
   * Stores an uploaded file (on disk until the request ends) as a document of the session, within
   * the session's quotas: DOCUMENTS_PER_SESSION documents and DOCUMENT_BYTES_PER_SESSION bytes. The
   * bytes stream into the file store (STORAGE_FULL rather than take the disk's reserve), then the
   * row is written; a row that cannot be written takes its file with it. Audited with the file's
   * name, size and digest.
   */
  async upload(
    by: AuditActor,
    sessionId: string,
    kind: DocumentKind,
    title: string | undefined,
    file: { originalname: string; path: string; size: number },
  ): Promise<SessionDocument> {
    const actor = by.identity;
    const session = await this.#sessions.requireSession(sessionId);
    if (!this.#sessions.canManage(actor, session)) throw documentErrors.uploadNotAllowed();
    if (session.status === 'ended') throw documentErrors.endedKeepsDocuments();
    await this.#assertRoom(this.#ctx.db, sessionId, file.size);
    const { mimeType, extension } = await checkDocumentType(kind, file.path);
    const id = randomUUID();
    const stored = await this.#files.put(documentKey(id), createReadStream(file.path), {
      expectedBytes: file.size,
      maxBytes: this.#ctx.config.uploads.documentMaxBytes,
    });
    const filename = safeFilename(file.originalname, extension);
    const row = {
      id,
      session_id: sessionId,
      kind,
      title: title ?? filename.replace(/\.[^.]*$/, ''),
      filename,
      mime_type: mimeType,
      size_bytes: stored.sizeBytes,
      sha256: stored.sha256,
      uploaded_at: new Date().toISOString(),
    };
    try {
      await this.#ctx.db.transaction().execute(async (trx) => {
        // Again inside the transaction, so two uploads at once cannot both take the last place.
        await this.#assertRoom(trx, sessionId, stored.sizeBytes);
        await trx
          .insertInto('session_documents')
          .values({ ...row, content: Buffer.alloc(0), storage_key: stored.key, uploaded_by: actor.subject })
          .execute();
        await this.#audit.record(
          { actor: by, action: 'document.upload', target: { type: 'document', id: row.id }, after: audited(row) },
          trx,
        );
      });
    } catch (error) {
      await this.#deleteFile(stored.key);
      throw error;
    }
    return toApi(row);
  }

  /** A file whose row is gone; one that cannot be deleted now is only disk space, so it is logged, not thrown. */
  async #deleteFile(key: string): Promise<void> {
    await this.#files
      .delete(key)
      .catch((error: unknown) =>
        this.#ctx.log.warn({ err: error, key }, 'document file not deleted; it is no longer referenced'),
      );
  }

  /** CONFLICT when the session holds its quota of documents, PAYLOAD_TOO_LARGE when `bytes` more would pass its total. */
  async #assertRoom(db: Executor, sessionId: string, bytes: number): Promise<void> {
    const { documentsPerSession, documentBytesPerSession } = this.#ctx.config.uploads;
    const used = await db
      .selectFrom('session_documents')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.sum<number>('size_bytes').as('bytes')])
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow();
    if (Number(used.count) >= documentsPerSession) throw documentErrors.tooManyDocuments(documentsPerSession);
    const usedBytes = Number(used.bytes ?? 0);
    if (usedBytes + bytes > documentBytesPerSession)
      throw documentErrors.sessionStorageFull(documentBytesPerSession, usedBytes);
  }

  async list(reader: Identity, sessionId: string): Promise<SessionDocument[]> {
    await this.#assertReader(reader, sessionId);
    const rows = await this.#ctx.db
      .selectFrom('session_documents')
      .select(COLUMNS)
      .where('session_id', '=', sessionId)
      .orderBy('uploaded_at')
      .execute();
    return rows.map(toApi);
  }

  /** The document and how to open its bytes: from the file store, or from its row until it is moved there. */
  async read(reader: Identity, sessionId: string, documentId: string): Promise<DocumentDownload> {
    await this.#assertReader(reader, sessionId);
    const row = await this.#ctx.db
      .selectFrom('session_documents')
      // `content` is empty once moved; read with the key in one snapshot, so a row moved meanwhile is not half read.
      .select([...COLUMNS, 'storage_key', 'content'])
      .where('session_id', '=', sessionId)
      .where('id', '=', documentId)
      .executeTakeFirst();
    if (!row) throw documentErrors.notFound();
    const { storage_key: key, content } = row;
    const open = key
      ? (range?: ByteRange) => this.#openFile(key, range)
      : (range?: ByteRange) =>
          Promise.resolve(Readable.from([range ? content.subarray(range.start, range.end + 1) : content]));
    return { ...toApi(row), open };
  }

  async #openFile(key: string, range: ByteRange | undefined): Promise<Readable> {
    try {
      return await this.#files.get(key, range);
    } catch (error) {
      // A row whose file is missing: the files folder lost it (or another node's is not the shared one).
      if (error instanceof AppError && error.code === 'NOT_FOUND')
        this.#ctx.log.error({ key }, 'a document row names a file the file store does not have');
      throw error;
    }
  }

  async remove(by: AuditActor, sessionId: string, documentId: string): Promise<void> {
    const session = await this.#sessions.requireSession(sessionId);
    if (!this.#sessions.canManage(by.identity, session)) throw documentErrors.deleteNotAllowed();
    if (session.status === 'ended') throw documentErrors.endedKeepsDocuments();
    const key = await this.#ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .deleteFrom('session_documents')
        .where('session_id', '=', sessionId)
        .where('id', '=', documentId)
        .returning([...COLUMNS, 'storage_key'])
        .executeTakeFirst();
      if (!row) throw documentErrors.notFound();
      await this.#audit.record(
        { actor: by, action: 'document.delete', target: { type: 'document', id: documentId }, before: audited(row) },
        trx,
      );
      return row.storage_key;
    });
    // After the commit: a file deleted before it would be missing if the transaction rolled back.
    if (key) await this.#deleteFile(key);
  }

  /**
   * Staff read every session's documents. An endpoint reads those of the session its token is bound
   * to and invited to; a member those of a session it may join (token unbound or bound to it) when
   * its cell's commune is invited or it checked in there.
   */
  async #assertReader(reader: Identity, sessionId: string): Promise<SessionRecord> {
    const sessions = this.#sessions;
    const session = await sessions.requireSession(sessionId);
    if (isStaff(reader.role)) return session;
    if (session.status === 'draft') throw documentErrors.notPublished();
    if (reader.role === 'endpoint') {
      if (reader.sessionId !== sessionId || !(await sessions.isInvited(sessionId, reader.subject)))
        throw sessionErrors.endpointNotInvited();
      return session;
    }
    if (reader.sessionId && reader.sessionId !== sessionId) throw sessionErrors.tokenForOtherSession();
    const db = this.#ctx.db;
    const commune = await orgQueries.communeOfMember(db, reader.subject);
    const invitedCommune = commune !== undefined && (await sessionQueries.isCommuneInvited(db, sessionId, commune));
    const checkedIn = invitedCommune || (await checkinQueries.hasCheckedIn(db, sessionId, reader.subject));
    if (!invitedCommune && !checkedIn) throw documentErrors.memberNotInSession();
    return session;
  }
}
