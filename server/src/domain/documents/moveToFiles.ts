import type { FileStore } from '../../files/fileStore.js';
import { moveRowsToFiles } from '../../files/moveToFiles.js';
import type { Logger } from '../../logging/logger.js';
import type { Database } from '../../store/database.js';

/** A document's file in the file store: one per document, named by its id alone. */
export const documentKey = (documentId: string): string => `documents/${documentId}`;

/**
 * The documents' start-up step after migration 0405: moves the bytes of documents stored before it
 * (session_documents.content) to the file store and empties the column, row by row, idempotently
 * (files/moveToFiles.ts). Until a row is moved, DocumentService reads its bytes from the row.
 */
export function moveDocumentsToFiles(db: Database, files: FileStore, log: Logger) {
  return moveRowsToFiles<string>(
    files,
    {
      pending: async (limit) =>
        (
          await db.selectFrom('session_documents').select('id').where('storage_key', 'is', null).limit(limit).execute()
        ).map((r) => r.id),
      bytesOf: async (id) =>
        (
          await db
            .selectFrom('session_documents')
            .select('content')
            .where('id', '=', id)
            .where('storage_key', 'is', null)
            .executeTakeFirst()
        )?.content,
      keyOf: documentKey,
      markMoved: async (id, stored) => {
        const result = await db
          .updateTable('session_documents')
          .set({ storage_key: stored.key, content: Buffer.alloc(0) })
          .where('id', '=', id)
          .where('storage_key', 'is', null)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) > 0;
      },
      exists: async (id) =>
        (await db.selectFrom('session_documents').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,
    },
    log.child({ step: 'documents-to-files' }),
  );
}
