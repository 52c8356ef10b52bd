import type { DocumentKind } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';

/** 512000 → "500 kB", 524288000 → "500 MB". */
const size = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB` : `${Math.ceil(bytes / 1024)} kB`;

/**
 * Every error the documents domain answers with: code and message defined once. Who may read a
 * session at all (invited endpoint, token of another session) is the sessions domain's.
 */
export const documentErrors = {
  notFound: () => new AppError('NOT_FOUND', 'No such document'),
  uploadNotAllowed: () => new AppError('FORBIDDEN', 'Only the session host or an admin may upload'),
  deleteNotAllowed: () => new AppError('FORBIDDEN', 'Only the session host or an admin may delete'),
  notPublished: () => new AppError('FORBIDDEN', 'The session is not published yet'),
  memberNotInSession: () => new AppError('FORBIDDEN', 'This member is not part of this session'),
  endedKeepsDocuments: () => new AppError('CONFLICT', 'An ended session keeps its documents'),
  /** The session's quota of documents (DOCUMENTS_PER_SESSION) is used up. */
  tooManyDocuments: (max: number) =>
    new AppError('CONFLICT', `A session holds at most ${max} documents; delete one to upload another`, {
      details: [{ path: 'file', message: 'too_many_documents' }],
    }),
  /** The session's documents would pass DOCUMENT_BYTES_PER_SESSION together. */
  sessionStorageFull: (maxBytes: number, usedBytes: number) =>
    new AppError(
      'PAYLOAD_TOO_LARGE',
      `A session's documents may take ${size(maxBytes)} together; ${size(usedBytes)} are used`,
      { details: [{ path: 'file', message: 'session_storage_full' }] },
    ),
  /** The content is not what the kind takes (a resolution is a PDF; slides a PDF or a PPTX). */
  wrongFileType: (kind: DocumentKind, detectedMime: string | undefined) =>
    new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      kind === 'resolution' ? 'The resolution must be a PDF file' : 'The slides must be a PDF or PPTX file',
      { details: [{ path: 'file', message: detectedMime ? `detected ${detectedMime}` : 'unknown type' }] },
    ),
} satisfies Record<string, (...args: never[]) => AppError>;
