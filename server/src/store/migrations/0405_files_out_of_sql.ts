import { sql, type Kysely } from 'kysely';

/**
 * Files move out of SQL rows into the file store (files/fileStore.ts): documents and report exports
 * get the key of their file. A row whose key is null still holds its bytes in `content`, as every
 * row did before this migration; a row with a key has an empty `content` (x'', kept NOT NULL).
 *
 * The bytes are not copied here: a migration has the store and nothing else (not FILES_DIR, which a
 * cluster's nodes share and a migration run from a tool may not see), and a copy that stops half way
 * must be able to go on. The owning domains move them when they start (documents/moveToFiles.ts,
 * reports/moveToFiles.ts), one row at a time: file written whole under a key derived from the row,
 * then the row given its key and emptied in one statement that only a row without a key takes. Run
 * twice, by two nodes at once, or after a crash between the two steps, it ends the same way, and
 * until a row is moved its bytes are read from the row.
 *
 * Report exports also get their size and SHA-256 (the download's ETag), which their rows did not keep.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('session_documents').addColumn('storage_key', 'text').execute();
  await db.schema.alterTable('report_files').addColumn('storage_key', 'text').execute();
  await db.schema.alterTable('report_files').addColumn('size_bytes', 'integer').execute();
  await db.schema.alterTable('report_files').addColumn('sha256', 'text').execute();
}

/** Only while no file was moved out: the rows' bytes would be lost otherwise. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['session_documents', 'report_files']) {
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from ${sql.table(table)} where storage_key is not null`.execute(db);
    if (Number(rows[0]?.n ?? 0) > 0)
      throw new Error(`${table} has files in the file store; moving them back into rows is not supported`);
  }
  await db.schema.alterTable('report_files').dropColumn('sha256').execute();
  await db.schema.alterTable('report_files').dropColumn('size_bytes').execute();
  await db.schema.alterTable('report_files').dropColumn('storage_key').execute();
  await db.schema.alterTable('session_documents').dropColumn('storage_key').execute();
}
