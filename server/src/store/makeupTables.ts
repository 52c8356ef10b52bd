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

export interface MakeupTables {
  makeup_study_settings: MakeupStudySettingsTable;
  makeup_study_assignments: MakeupStudyAssignmentTable;
  makeup_study_progress: MakeupStudyProgressTable;
  makeup_study_playbacks: MakeupStudyPlaybackTable;
}
