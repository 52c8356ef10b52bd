import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type SessionStatus } from '@diem-cau/shared';
import { api } from '../../../lib/api';
import { recordingErrorText } from '../../replay/common';
import { latestIndex, type SessionRecordings } from './useSessionRecordings';
import './recording.css';

/**
 * The host's recording controls, in the console's action bar: before going live, whether to record
 * (on by default); while live, what is happening ("Đang ghi hình" / "Tạm dừng ghi") and Pause/Resume.
 */
export function RecordingControls({
  token,
  sessionId,
  status,
  recordings,
}: {
  token: string;
  sessionId: string;
  status: SessionStatus | undefined;
  recordings: SessionRecordings;
}) {
  const { t } = useTranslation();
  const [enabled, setEnabled] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = recordings.recordings[latestIndex(recordings.recordings)];

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(recordingErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const toggleEnabled = (wanted: boolean) =>
    run(async () => {
      setEnabled(wanted);
      try {
        const answer = await api(API.recordings.setEnabled, {
          params: { id: sessionId },
          token,
          body: { enabled: wanted },
        });
        setEnabled(answer.enabled);
      } catch (e) {
        setEnabled(!wanted);
        throw e;
      }
    });

  const control = (action: 'pause' | 'resume') =>
    run(async () => {
      const answer = await api(API.recordings[action], { params: { id: sessionId }, token });
      recordings.setLiveState(answer.state);
      recordings.reload();
    });

  if (status === 'ended' || status === undefined) return null;
  const live = status === 'live';
  const state = current?.state;

  return (
    <div className="host-recording" data-testid="recording-controls">
      {!live && (
        <label className="host-recording__enabled">
          <input
            type="checkbox"
            data-testid="recording-enabled"
            checked={enabled}
            disabled={busy}
            onChange={(e) => void toggleEnabled(e.target.checked)}
          />
          {t('recording.host.enabled')}
        </label>
      )}
      {live && (
        <>
          <span
            className={`host-recording__indicator host-recording__indicator--${state ?? 'none'}`}
            data-testid="recording-indicator"
            data-state={state ?? 'none'}
            role="status"
          >
            {state === 'recording'
              ? t('recording.host.recording')
              : state === 'paused'
                ? t('recording.host.paused')
                : t('recording.host.notRecording')}
          </span>
          {state === 'recording' && (
            <button type="button" data-testid="recording-pause" disabled={busy} onClick={() => void control('pause')}>
              {t('recording.host.pause')}
            </button>
          )}
          {state === 'paused' && (
            <button type="button" data-testid="recording-resume" disabled={busy} onClick={() => void control('resume')}>
              {t('recording.host.resume')}
            </button>
          )}
        </>
      )}
      {error && (
        <p role="alert" className="host-console__error">
          {error}
        </p>
      )}
    </div>
  );
}
