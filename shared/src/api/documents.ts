import { z } from 'zod';

/** What a session document is: the resolution's PDF, or slides (PDF or PPTX). */
export const DOCUMENT_KINDS = ['resolution', 'slides'] as const;
export const documentKindSchema = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof documentKindSchema>;

/** POST /api/sessions/:id/documents?kind=&title= with multipart field "file". */
export const uploadDocumentQuerySchema = z
  .object({
    kind: documentKindSchema,
    title: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export const sessionDocumentSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  kind: documentKindSchema,
  title: z.string(),
  filename: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedAt: z.string(),
});
export type SessionDocument = z.infer<typeof sessionDocumentSchema>;
