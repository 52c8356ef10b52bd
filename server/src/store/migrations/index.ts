import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_org.js';
import * as m0003 from './0003_accounts.js';
import * as m0004 from './0004_sessions.js';
import * as m0010 from './0010_attendance.js';

/**
 * Migrations are listed in code (not read from a folder) so they bundle and run the same under tsx,
 * Vitest and a compiled build. Names sort in the order they must run; never edit a landed one.
 */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_org': m0002,
  '0003_accounts': m0003,
  '0004_sessions': m0004,
  '0010_attendance': m0010,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
