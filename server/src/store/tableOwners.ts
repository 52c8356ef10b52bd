import type { DatabaseSchema } from './schema.js';

/**
 * The one domain that writes each table and offers the reads others need (its queries.ts, or a view
 * it publishes). Views are read models: any domain may read them. `tableOwners.test.ts` holds the
 * code to this map, and a table added to the schema must be given an owner here.
 */
export const TABLE_OWNERS = {
  app_meta: 'store',
  org_units: 'org',
  endpoints: 'org',
  members: 'org',
  accounts: 'accounts',
  sessions: 'sessions',
  session_invites: 'sessions',
  attendance_intervals: 'attendance',
  headcount_reports: 'attendance',
  checkins: 'checkin',
  roll_calls: 'broadcast',
  roll_call_expected: 'broadcast',
  roll_call_answers: 'broadcast',
  link_minutes: 'broadcast',
  link_periods: 'broadcast',
  quiz_questions: 'quiz',
  quiz_runs: 'quiz',
  quiz_answers: 'quiz',
  quiz_team_answers: 'quiz',
  quiz_settings: 'quiz',
  quiz_makeup_allowances: 'quiz',
  quiz_makeup_attempts: 'quiz',
  quiz_makeup_answers: 'quiz',
  reports: 'reports',
  report_files: 'reports',
  webhooks: 'webhooks',
  webhook_deliveries: 'webhooks',
  session_documents: 'documents',
  recordings: 'recording',
  recording_settings: 'recording',
  recording_runs: 'recording',
  recording_segments: 'recording',
  audit_log: 'audit',
  endpoint_places: 'view:org',
  member_places: 'view:org',
  account_names: 'view:accounts',
  checkin_spans: 'view:checkin',
} as const satisfies Record<keyof DatabaseSchema, string>;
