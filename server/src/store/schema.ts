import type { Generated } from 'kysely';
import type { MakeupTables } from './makeupTables.js';
import type { RecordingTables } from './recordingTables.js';

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

/** Organisation tree, endpoints and members (migration 0002). Timestamps are ISO strings. */
export interface OrgUnitTable {
  id: string;
  parent_id: string | null;
  kind: 'province' | 'district' | 'commune' | 'cell';
  name: string;
  code: string;
  created_at: string;
}

export interface EndpointTable {
  id: string;
  unit_id: string;
  name: string;
  key_hash: string | null;
  key_version: Generated<number>;
  key_rotated_at: string | null;
  created_at: string;
  /** Archived by an admin (migration 0403): its records stay, it no longer signs in or is invited. */
  archived_at: string | null;
}

export interface MemberTable {
  id: string;
  cell_id: string;
  full_name: string;
  member_number: string;
  gender: 'male' | 'female';
  birth_year: number;
  phone: string | null;
  joined_on: string | null;
  pin_hash: string | null;
  /** 1 = generated demo person, never to be presented as real. */
  synthetic: Generated<number>;
  created_at: string;
  /** Archived by an admin (migration 0403): their records stay, they no longer sign in or get PINs. */
  archived_at: string | null;
}

export interface OrgTables {
  org_units: OrgUnitTable;
  endpoints: EndpointTable;
  members: MemberTable;
}

/** Admin and host accounts (migration 0003). */
export interface AccountTable {
  id: string;
  username: string;
  display_name: string;
  role: 'admin' | 'host';
  password_hash: string;
  created_at: string;
}

export interface AccountTables {
  accounts: AccountTable;
}

/** Sessions and invitations (migration 0004). */
export interface SessionTable {
  id: string;
  title: string;
  resolution: string;
  status: 'draft' | 'scheduled' | 'live' | 'ended';
  scheduled_start: string | null;
  scheduled_end: string | null;
  started_at: string | null;
  ended_at: string | null;
  host_account_id: string;
  attendance_threshold: Generated<number>;
  created_at: string;
  /** Short numeric code (migration 0013); null only on rows written by tests straight into the store. */
  code?: string | null;
}

export interface SessionInviteTable {
  session_id: string;
  endpoint_id: string;
  invited_at: string;
}

export interface SessionTables {
  sessions: SessionTable;
  session_invites: SessionInviteTable;
}

/** Attendance as evidence (migration 0010). */
export interface AttendanceIntervalTable {
  id: string;
  session_id: string;
  endpoint_id: string;
  started_at: string;
  ended_at: string | null;
  close_reason: 'left' | 'disconnected' | 'session_ended' | 'server_restart' | null;
  /** Heartbeat of the node holding the connection (migration 0012); null on rows from before it. */
  last_seen_at: string | null;
  /** The cluster node holding the connection (migration 0406); null on rows from before it. */
  node_id: string | null;
}

export interface HeadcountReportTable {
  id: string;
  session_id: string;
  endpoint_id: string;
  head_count: number;
  reported_at: string;
}

export interface CheckinTable {
  id: string;
  session_id: string;
  member_id: string;
  endpoint_id: string;
  checked_in_at: string;
  checked_out_at: string | null;
  checkout_reason: 'left' | 'moved' | 'session_ended' | 'server_restart' | null;
}

export interface AttendanceTables {
  attendance_intervals: AttendanceIntervalTable;
  headcount_reports: HeadcountReportTable;
  checkins: CheckinTable;
}

export interface RollCallTable {
  id: string;
  session_id: string;
  started_by: string;
  started_at: string;
  deadline: string;
}

export interface RollCallExpectedTable {
  roll_call_id: string;
  endpoint_id: string;
  endpoint_name: string;
}

export interface RollCallAnswerTable {
  roll_call_id: string;
  endpoint_id: string;
  answered_at: string;
}

/** One endpoint's link over one minute (migration 0404): sums and counts of its samples. */
export interface LinkMinuteTable {
  session_id: string;
  endpoint_id: string;
  /** ISO time of the minute's start. */
  minute: string;
  samples: number;
  sampled_ms: number;
  video_ms: number;
  layer0_ms: number;
  layer1_ms: number;
  layer2_ms: number;
  audio_only_ms: number;
  bitrate_samples: number;
  bitrate_sum: number;
  bitrate_min: number | null;
  loss_samples: number;
  loss_sum: number;
  loss_max: number | null;
  rtt_samples: number;
  rtt_sum: number;
  score_min: number | null;
  last_at: string;
}

/** An outage or an audio-only period of an endpoint's link; open while ended_at is null. */
export interface LinkPeriodTable {
  id: string;
  session_id: string;
  endpoint_id: string;
  kind: 'outage' | 'audio_only';
  cause: string;
  started_at: string;
  ended_at: string | null;
}

/** Broadcast domain: roll calls of endpoints, and the endpoints' link quality record. */
export interface BroadcastTables {
  roll_calls: RollCallTable;
  roll_call_expected: RollCallExpectedTable;
  roll_call_answers: RollCallAnswerTable;
  link_minutes: LinkMinuteTable;
  link_periods: LinkPeriodTable;
}

/** Quizzes (migration 0100). Lists and answers are JSON text; times in epoch ms where named *_ms. */
export interface QuizQuestionTable {
  id: string;
  session_id: string;
  position: number;
  type: 'single' | 'multiple' | 'true_false' | 'short';
  prompt: string;
  options: string;
  correct: string;
  accepted: string;
  time_limit_s: number;
  explanation: string;
  created_at: string;
  updated_at: string;
}

export interface QuizRunTable {
  id: string;
  session_id: string;
  question_id: string;
  question_json: string;
  launched_by: string;
  started_ms: number;
  deadline_ms: number;
  closed_ms: number | null;
  revealed_ms: number | null;
}

export interface QuizAnswerTable {
  run_id: string;
  session_id: string;
  member_id: string;
  endpoint_id: string;
  answer_json: string;
  answer_key: string;
  correct: number;
  speed_permille: number;
  points: number;
  elapsed_ms: number;
  answered_ms: number;
}

export type QuizTeamAnswerTable = Omit<QuizAnswerTable, 'member_id'>;

export interface QuizSettingsTable {
  session_id: string;
  show_leaderboard: Generated<number>;
  makeup_enabled: Generated<number>;
  makeup_max_attempts: Generated<number>;
}

export interface QuizMakeupAllowanceTable {
  session_id: string;
  member_id: string;
  allowed_by: string;
  allowed_at: string;
}

export interface QuizMakeupAttemptTable {
  id: string;
  session_id: string;
  member_id: string;
  number: number;
  questions_json: string;
  started_at: string;
  finished_at: string | null;
}

export interface QuizMakeupAnswerTable {
  attempt_id: string;
  question_id: string;
  answer_json: string;
  correct: number;
  points: number;
  answered_at: string;
}

export interface QuizTables {
  quiz_questions: QuizQuestionTable;
  quiz_runs: QuizRunTable;
  quiz_answers: QuizAnswerTable;
  quiz_team_answers: QuizTeamAnswerTable;
  quiz_settings: QuizSettingsTable;
  quiz_makeup_allowances: QuizMakeupAllowanceTable;
  quiz_makeup_attempts: QuizMakeupAttemptTable;
  quiz_makeup_answers: QuizMakeupAnswerTable;
}

/** Reports and their export files (migration 0300; the files' bytes in the file store since 0405). */
export interface ReportTable {
  id: string;
  kind: 'session' | 'range';
  session_id: string | null;
  params_json: string;
  data_version: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: Generated<number>;
  runs: Generated<number>;
  result_json: string | null;
  error: string | null;
  requested_by: string;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
}

export interface ReportFileTable {
  report_id: string;
  format: 'xlsx' | 'csv';
  table_key: string;
  filename: string;
  /** The file's bytes before migration 0405; empty once they are in the file store under `storage_key`. */
  content: Buffer;
  created_at: string;
  /** The file's key in the file store (migration 0405); null while its bytes are still in `content`. */
  storage_key: string | null;
  /** Size and SHA-256 of the file (migration 0405); null on rows written before it and not yet moved. */
  size_bytes: number | null;
  sha256: string | null;
}

export interface ReportTables {
  reports: ReportTable;
  report_files: ReportFileTable;
}

/** Webhooks and their delivery log (migration 0301). */
export interface WebhookTable {
  id: string;
  url: string;
  secret: string;
  description: string;
  events_json: string;
  active: Generated<number>;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveryTable {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  payload_json: string;
  status: 'pending' | 'queued' | 'retrying' | 'delivered' | 'failed';
  attempts: Generated<number>;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

export interface WebhookTables {
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
}

/** Documents of a session (migration 0011; their bytes in the file store since 0405). */
export interface SessionDocumentTable {
  id: string;
  session_id: string;
  kind: 'resolution' | 'slides';
  title: string;
  filename: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  /** The file's bytes before migration 0405; empty once they are in the file store under `storage_key`. */
  content: Buffer;
  uploaded_by: string;
  uploaded_at: string;
  /** The file's key in the file store (migration 0405); null while its bytes are still in `content`. */
  storage_key: string | null;
}

export interface DocumentTables {
  session_documents: SessionDocumentTable;
}

/** The append-only audit log (migration 0402; triggers refuse UPDATE and DELETE). */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_subject: string | null;
  actor_role: 'admin' | 'host' | 'endpoint' | 'member' | null;
  actor_name: string | null;
  address: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before_json: string | null;
  after_json: string | null;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}

/**
 * Read models (SQL views) a domain publishes over its own tables for other domains to read and join
 * (migration 0400). Never written.
 */
export interface ReadViews {
  /** org: an endpoint with its commune and district. */
  endpoint_places: {
    endpoint_id: string;
    endpoint_name: string;
    commune_id: string;
    commune_name: string;
    commune_code: string;
    district_id: string | null;
    district_name: string | null;
    /** Since 0403: archived endpoints are kept (their records) but not invited again. */
    archived_at: string | null;
  };
  /** org: a member with their cell, commune and district. */
  member_places: {
    member_id: string;
    member_number: string;
    full_name: string;
    cell_id: string;
    commune_id: string;
    district_id: string | null;
    archived_at: string | null;
  };
  /** checkin: who was checked in where, from when to when (open while checked_out_at is null). */
  checkin_spans: {
    session_id: string;
    member_id: string;
    endpoint_id: string;
    checked_in_at: string;
    checked_out_at: string | null;
  };
  /** accounts: who a staff account is (never its password hash). */
  account_names: { account_id: string; display_name: string; role: 'admin' | 'host' };
}

export type DatabaseSchema = ReadViews &
  DocumentTables &
  FoundationTables &
  OrgTables &
  AccountTables &
  SessionTables &
  AttendanceTables &
  BroadcastTables &
  QuizTables &
  ReportTables &
  WebhookTables &
  AuditTables &
  RecordingTables &
  MakeupTables;
