import type { RecordingState, RecordingTrack } from '@diem-cau/shared';

/** A session's recording (migration 0407; its files in the file store). */
export interface RecordingTable {
  id: string;
  session_id: string;
  state: RecordingState;
  started_at: string | null;
  ended_at: string | null;
  duration_ms: number;
  size_bytes: number;
  archive_key: string | null;
  phone_key: string | null;
  phone_ready_at: string | null;
  download_state: 'none' | 'queued' | 'running' | 'done' | 'failed';
  download_progress: number;
  download_key: string | null;
  download_bytes: number | null;
  failure: string | null;
  deleted_at: string | null;
  created_at: string;
}

/** One recorder process's life on one track. */
export interface RecordingRunTable {
  recording_id: string;
  track: RecordingTrack;
  run: number;
  started_ms: number;
  ended_ms: number | null;
  media_start_ms: number;
  gap_reason: 'paused' | 'outage' | null;
  label: string | null;
  end_reason: string | null;
}

/** A closed, self-contained segment file of a run. */
export interface RecordingSegmentTable {
  recording_id: string;
  track: RecordingTrack;
  run: number;
  seq: number;
  start_ms: number;
  duration_ms: number;
  storage_key: string;
  size_bytes: number;
  sha256: string;
  stored_at: string;
}

/** A session's recording switch (absent: on). */
export interface RecordingSettingsTable {
  session_id: string;
  enabled: number;
  updated_at: string;
}

export interface RecordingTables {
  recording_settings: RecordingSettingsTable;
  recordings: RecordingTable;
  recording_runs: RecordingRunTable;
  recording_segments: RecordingSegmentTable;
}
