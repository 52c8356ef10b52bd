import type { Generated } from 'kysely';

/**
 * Table types of the SQL store. Each domain adds its tables through its own interface, merged here,
 * and its own migration file under ./migrations.
 */
export interface AppMetaTable {
  key: string;
  value: string;
  updated_at: Generated<string>;
}

export interface FoundationTables {
  app_meta: AppMetaTable;
}

export type DatabaseSchema = FoundationTables;
