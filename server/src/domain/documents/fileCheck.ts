import { fileTypeFromFile } from 'file-type';
import type { DocumentKind } from '@diem-cau/shared';
import { documentErrors } from './errors.js';

export const PDF_MIME = 'application/pdf';
export const PPTX_MIME = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

const ACCEPTED: Record<DocumentKind, readonly string[]> = {
  resolution: [PDF_MIME],
  slides: [PDF_MIME, PPTX_MIME],
};
const EXTENSION: Record<string, string> = { [PDF_MIME]: 'pdf', [PPTX_MIME]: 'pptx' };

/**
 * Tells a document's real type from its content on disk (magic bytes, and for PPTX the ZIP's
 * entries, read with file-type's own size limits), not from its name or the browser's claim: the
 * resolution must be a PDF, slides a PDF or a PPTX.
 */
export async function checkDocumentType(
  kind: DocumentKind,
  file: string,
): Promise<{ mimeType: string; extension: string }> {
  const detected = await fileTypeFromFile(file).catch(() => undefined);
  const mime = detected?.mime;
  if (!mime || !ACCEPTED[kind].includes(mime)) {
    throw documentErrors.wrongFileType(kind, mime);
  }
  return { mimeType: mime, extension: EXTENSION[mime] ?? 'bin' };
}
