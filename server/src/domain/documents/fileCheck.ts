import { fileTypeFromBuffer } from 'file-type';
import type { DocumentKind } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';

export const PDF_MIME = 'application/pdf';
export const PPTX_MIME = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

const ACCEPTED: Record<DocumentKind, readonly string[]> = {
  resolution: [PDF_MIME],
  slides: [PDF_MIME, PPTX_MIME],
};
const EXTENSION: Record<string, string> = { [PDF_MIME]: 'pdf', [PPTX_MIME]: 'pptx' };

/**
 * Tells a document's real type from its content (magic bytes, and for PPTX the ZIP's entries), not
 * from its name or the browser's claim: the resolution must be a PDF, slides a PDF or a PPTX.
 */
export async function checkDocumentType(
  kind: DocumentKind,
  content: Buffer,
): Promise<{ mimeType: string; extension: string }> {
  const detected = await fileTypeFromBuffer(content);
  const mime = detected?.mime;
  if (!mime || !ACCEPTED[kind].includes(mime)) {
    const wanted = kind === 'resolution' ? 'a PDF file' : 'a PDF or PPTX file';
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `The ${kind === 'resolution' ? 'resolution' : 'slides'} must be ${wanted}`,
      {
        details: [{ path: 'file', message: mime ? `detected ${mime}` : 'unknown type' }],
      },
    );
  }
  return { mimeType: mime, extension: EXTENSION[mime] ?? 'bin' };
}
