import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../lib/api';
import { useDocumentTitle } from '../base';
import { DownloadPanel } from './DownloadPanel';
import { ReplayPlayer } from './ReplayPlayer';
import { ReplaySignIn } from './ReplaySignIn';
import { formatDuration, recordingErrorText } from './common';
import { defaultQuality } from './media';
import { isStaffViewer, storedViewer, type ReplayViewer } from './replayAuth';
import { awaitingRendition, useRecording } from './useRecording';

/**
 * `/replay/:recordingId`: watch a session's recording. Signed in the way this tab already is (the
 * host console's or the admin area's staff sign-in, else the member page's); nobody signed in gets
 * the staff sign-in and the way to the member page. `?quality=phone` starts with the phone rendition.
 */
export function ReplayPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('replay.title')} — ${t('app.name')}`);
  const { recordingId = '' } = useParams();
  const [viewer, setViewer] = useState<ReplayViewer | null>(() => storedViewer());
  return (
    <section className="area-page replay-page">
      {viewer ? <ReplayView viewer={viewer} recordingId={recordingId} /> : <ReplaySignIn onSignedIn={setViewer} />}
    </section>
  );
}

function ReplayView({ viewer, recordingId }: { viewer: ReplayViewer; recordingId: string }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const { recording, error, update } = useRecording(viewer.token, recordingId);
  const [initialQuality] = useState(() => defaultQuality(params.get('quality'), window.innerWidth));
  const playable = recording && (recording.renditions.archive !== null || recording.renditions.phone !== null);

  return (
    <div className="replay" data-testid="replay-page" data-state={recording?.state ?? 'loading'}>
      <header className="replay__header">
        <h1>{recording?.sessionTitle ?? t('replay.title')}</h1>
        {recording && (
          <p className="replay__meta">
            <span className="replay__state" data-testid="replay-state" data-state={recording.state}>
              {t(`recording.state.${recording.state}`)}
            </span>{' '}
            {t('replay.durationLabel')}:{' '}
            <strong data-testid="replay-duration">{formatDuration(recording.durationMs)}</strong>
          </p>
        )}
      </header>
      {error !== null && (
        <p
          role="alert"
          className="notice"
          data-testid="replay-error"
          data-code={error instanceof ApiError ? error.code : 'INTERNAL'}
        >
          {recordingErrorText(t, error)}
        </p>
      )}
      {!recording && error === null && <p className="loading">{t('app.loading')}</p>}
      {recording && !playable && (
        <p className="notice" role="status" data-testid="replay-processing">
          {awaitingRendition(recording) ? t('replay.processing') : t('replay.failed')}
        </p>
      )}
      {recording && playable && <ReplayPlayer manifest={recording} initialQuality={initialQuality} />}
      {recording && isStaffViewer(viewer) && (
        <DownloadPanel recording={recording} token={viewer.token} onUpdate={update} />
      )}
    </div>
  );
}
