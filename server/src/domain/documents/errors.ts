import type { DocumentKind } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';

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
  /** The content is not what the kind takes (a resolution is a PDF; slides a PDF or a PPTX). */
  wrongFileType: (kind: DocumentKind, detectedMime: string | undefined) =>
    new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      kind === 'resolution' ? 'The resolution must be a PDF file' : 'The slides must be a PDF or PPTX file',
      { details: [{ path: 'file', message: detectedMime ? `detected ${detectedMime}` : 'unknown type' }] },
    ),
} satisfies Record<string, (...args: never[]) => AppError>;
