import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type Recording } from '@diem-cau/shared';
import { api } from '../../lib/api';
import { currentLanguage } from '../../i18n';
import { formatBytes, recordingErrorText } from './common';
import { mediaUrl } from './media';

/** The one-file download job's progress is asked for this often while it runs. */
const DOWNLOAD_POLL_MS = 2_000;

/** Staff: start the one-file download job, follow its progress, then offer the file. */
export function DownloadPanel({
  recording,
  token,
  onUpdate,
}: {
  recording: Recording;
  token: string;
  onUpdate: (recording: Recording) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { download } = recording;
  const running = download.state === 'queued' || download.state === 'running';

  useEffect(() => {
    if (!running) return;
    let live = true;
    const timer = setTimeout(() => {
      api(API.recordings.get, { params: { id: recording.id }, token }).then(
        (r) => live && onUpdate(r),
        (e: unknown) => live && setError(recordingErrorText(t, e)),
      );
    }, DOWNLOAD_POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [running, download.progress, recording.id, token, onUpdate, t]);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      onUpdate(await api(API.recordings.requestDownload, { params: { id: recording.id }, token }));
    } catch (e) {
      setError(recordingErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="replay-download" data-testid="replay-download" data-state={download.state}>
      {download.state === 'done' && download.url ? (
        <a className="button" href={mediaUrl(download.url)} download data-testid="replay-download-link">
          {t('replay.download.link')}
          {download.sizeBytes !== null && ` (${formatBytes(download.sizeBytes, currentLanguage())})`}
        </a>
      ) : running ? (
        <span role="status">
          {t('replay.download.progress', { percent: Math.round(download.progress * 100) })}{' '}
          <progress max={1} value={download.progress} />
        </span>
      ) : (
        <button
          type="button"
          className="button"
          data-testid="replay-download-start"
          disabled={busy || recording.state !== 'ready'}
          onClick={() => void start()}
        >
          {download.state === 'failed' ? t('replay.download.retry') : t('replay.download.start')}
        </button>
      )}
      {download.state === 'failed' && <p className="notice">{t('replay.download.failed')}</p>}
      {error && (
        <p role="alert" className="notice">
          {error}
        </p>
      )}
    </div>
  );
}
