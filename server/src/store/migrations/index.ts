import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_org.js';
import * as m0003 from './0003_accounts.js';
import * as m0004 from './0004_sessions.js';
import * as m0010 from './0010_attendance.js';
import * as m0011 from './0011_documents.js';
import * as m0012 from './0012_interval_heartbeat.js';
import * as m0013 from './0013_session_codes.js';
import * as m0100 from './0100_quiz.js';
import * as m0200 from './0200_broadcast.js';
import * as m0300 from './0300_reports.js';
import * as m0301 from './0301_webhooks.js';
import * as m0400 from './0400_read_views.js';
import * as m0401 from './0401_quiz_one_open_run.js';
import * as m0402 from './0402_audit_log.js';
import * as m0403 from './0403_org_archive.js';
import * as m0404 from './0404_link_quality.js';
import * as m0405 from './0405_files_out_of_sql.js';
import * as m0406 from './0406_interval_node.js';
import * as m0407 from './0407_recordings.js';
import * as m0408 from './0408_makeup_study.js';
import * as m0409 from './0409_checkin_endpoint_index.js';

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
  '0011_documents': m0011,
  '0012_interval_heartbeat': m0012,
  '0013_session_codes': m0013,
  '0100_quiz': m0100,
  '0200_broadcast': m0200,
  '0300_reports': m0300,
  '0301_webhooks': m0301,
  '0400_read_views': m0400,
  '0401_quiz_one_open_run': m0401,
  '0402_audit_log': m0402,
  '0403_org_archive': m0403,
  '0404_link_quality': m0404,
  '0405_files_out_of_sql': m0405,
  '0406_interval_node': m0406,
  '0407_recordings': m0407,
  '0408_makeup_study': m0408,
  '0409_checkin_endpoint_index': m0409,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
