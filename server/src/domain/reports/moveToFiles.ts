import type { FileStore } from '../../files/fileStore.js';
import { moveRowsToFiles } from '../../files/moveToFiles.js';
import type { Logger } from '../../logging/logger.js';
import type { Database } from '../../store/database.js';

type FileId = { reportId: string; format: 'xlsx' | 'csv'; tableKey: string };

/** A report export's file in the file store, named by its row: the workbook, or one table's CSV. */
export const reportFileKey = (reportId: string, format: 'xlsx' | 'csv', tableKey: string): string =>
  `reports/${reportId}/${format === 'xlsx' ? 'workbook.xlsx' : `${tableKey}.csv`}`;

/**
 * The reports' start-up step after migration 0405: moves the export files built before it
 * (report_files.content) to the file store, row by row and idempotently (files/moveToFiles.ts),
 * giving each its size and SHA-256. Until a row is moved, ReportService reads it from the row.
 */
export function moveReportFilesToFiles(db: Database, files: FileStore, log: Logger) {
  const row = (id: FileId) =>
    db
      .selectFrom('report_files')
      .where('report_id', '=', id.reportId)
      .where('format', '=', id.format)
      .where('table_key', '=', id.tableKey);
  return moveRowsToFiles<FileId>(
    files,
    {
      pending: async (limit) =>
        (
          await db
            .selectFrom('report_files')
            .select(['report_id', 'format', 'table_key'])
            .where('storage_key', 'is', null)
            .limit(limit)
            .execute()
        ).map((r) => ({ reportId: r.report_id, format: r.format, tableKey: r.table_key })),
      bytesOf: async (id) =>
        (await row(id).select('content').where('storage_key', 'is', null).executeTakeFirst())?.content,
      keyOf: (id) => reportFileKey(id.reportId, id.format, id.tableKey),
      markMoved: async (id, stored) => {
        const result = await db
          .updateTable('report_files')
          .set({
            storage_key: stored.key,
            size_bytes: stored.sizeBytes,
            sha256: stored.sha256,
            content: Buffer.alloc(0),
          })
          .where('report_id', '=', id.reportId)
          .where('format', '=', id.format)
          .where('table_key', '=', id.tableKey)
          .where('storage_key', 'is', null)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) > 0;
      },
      exists: async (id) => (await row(id).select('report_id').executeTakeFirst()) !== undefined,
    },
    log.child({ step: 'report-files-to-files' }),
  );
}
