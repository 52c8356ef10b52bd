/** A session's make-up study settings (migration 0408; absent: the defaults). */
export interface MakeupStudySettingsTable {
  session_id: string;
  enabled: number;
  /** Null: the session's attendance threshold. */
  share: number | null;
  max_rate: number;
  deadline: string | null;
  updated_at: string;
}

export interface MakeupStudyAssignmentTable {
  session_id: string;
  member_id: string;
  assigned_by: string;
  assigned_at: string;
}

export interface MakeupStudyProgressTable {
  session_id: string;
  member_id: string;
  recording_id: string;
  watched_json: string;
  watched_ms: number;
  resume_ms: number;
  completed_at: string | null;
  completed_via: 'individual' | 'hall' | null;
  completed_in: string | null;
  version: number;
  updated_at: string;
}

export interface MakeupStudyPlaybackTable {
  id: string;
  session_id: string;
  member_id: string;
  started_at: string;
  last_seq: number;
  last_position_ms: number;
  last_at_ms: number;
  last_playing: number;
  last_rate: number;
}

/** A hall make-up session (its own sessions row) replaying a parent session's recording. */
export interface MakeupHallTable {
  session_id: string;
  parent_session_id: string;
  endpoint_id: string;
  recording_id: string;
  recording_ms: number;
  requested_by: string;
  created_at: string;
  credited_at: string | null;
}

export interface MakeupTables {
  makeup_halls: MakeupHallTable;
  makeup_study_settings: MakeupStudySettingsTable;
  makeup_study_assignments: MakeupStudyAssignmentTable;
  makeup_study_progress: MakeupStudyProgressTable;
  makeup_study_playbacks: MakeupStudyPlaybackTable;
}
