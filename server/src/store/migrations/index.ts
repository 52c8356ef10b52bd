import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_foundation.js';

/**
 * Migrations are listed in code (not read from a folder) so they bundle and run the same under tsx,
 * Vitest and a compiled build. Names sort in the order they must run; never edit a landed one.
 */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
