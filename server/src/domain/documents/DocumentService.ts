import { isStaff } from '@diem-cau/shared';
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentKind, Identity, SessionDocument } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import { assertRoomFor } from '../../files/storageRoom.js';
import type { Executor } from '../../store/database.js';
import type { SessionDocumentTable } from '../../store/schema.js';
import type { AuditActor, AuditLog } from '../audit/index.js';
import { checkinQueries } from '../checkin/index.js';
import { orgQueries } from '../org/index.js';
import { sessionErrors, sessionQueries, type SessionRecord, type SessionService } from '../sessions/index.js';
import { documentErrors } from './errors.js';
import { checkDocumentType } from './fileCheck.js';

type Row = Omit<SessionDocumentTable, 'content' | 'uploaded_by'>;
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

  constructor(ctx: AppContext, deps: { sessions: SessionService; audit: AuditLog }) {
    this.#sessions = deps.sessions;
    this.#audit = deps.audit;
    this.#ctx = ctx;
  }

  /**
   * Stores an uploaded file (on disk until the request ends) as a document of the session, within
   * the session's quotas: DOCUMENTS_PER_SESSION documents and DOCUMENT_BYTES_PER_SESSION bytes.
   * Audited with the file's name, size and digest.
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
    // The content goes into the SQL store: its disk must keep its reserve afterwards. A PostgreSQL
    // store's disk is the database server's, which answers a full disk itself (STORAGE_FULL).
    const store = this.#ctx.config.database;
    if (store.kind === 'sqlite')
      await assertRoomFor(path.dirname(store.file), file.size, this.#ctx.config.uploads.storageReserveBytes);
    // Documents live in the SQL store (session_documents.content) until they move to files (#12).
    const content = await readFile(file.path);
    const filename = safeFilename(file.originalname, extension);
    const row = {
      id: randomUUID(),
      session_id: sessionId,
      kind,
      title: title ?? filename.replace(/\.[^.]*$/, ''),
      filename,
      mime_type: mimeType,
      size_bytes: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      uploaded_at: new Date().toISOString(),
    };
    await this.#ctx.db.transaction().execute(async (trx) => {
      // Again inside the transaction, so two uploads at once cannot both take the last place.
      await this.#assertRoom(trx, sessionId, content.length);
      await trx
        .insertInto('session_documents')
        .values({ ...row, content, uploaded_by: actor.subject })
        .execute();
      await this.#audit.record(
        { actor: by, action: 'document.upload', target: { type: 'document', id: row.id }, after: audited(row) },
        trx,
      );
    });
    return toApi(row);
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

  async read(reader: Identity, sessionId: string, documentId: string): Promise<SessionDocument & { content: Buffer }> {
    await this.#assertReader(reader, sessionId);
    const row = await this.#ctx.db
      .selectFrom('session_documents')
      .select([...COLUMNS, 'content'])
      .where('session_id', '=', sessionId)
      .where('id', '=', documentId)
      .executeTakeFirst();
    if (!row) throw documentErrors.notFound();
    return { ...toApi(row), content: row.content };
  }

  async remove(by: AuditActor, sessionId: string, documentId: string): Promise<void> {
    const session = await this.#sessions.requireSession(sessionId);
    if (!this.#sessions.canManage(by.identity, session)) throw documentErrors.deleteNotAllowed();
    if (session.status === 'ended') throw documentErrors.endedKeepsDocuments();
    await this.#ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .deleteFrom('session_documents')
        .where('session_id', '=', sessionId)
        .where('id', '=', documentId)
        .returning(COLUMNS)
        .executeTakeFirst();
      if (!row) throw documentErrors.notFound();
      await this.#audit.record(
        { actor: by, action: 'document.delete', target: { type: 'document', id: documentId }, before: audited(row) },
        trx,
      );
    });
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
