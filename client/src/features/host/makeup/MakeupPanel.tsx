import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordingSummary } from '@diem-cau/shared';
import { formatDuration } from '../../replay/common';
import { makeupErrorText } from './errors';
import { HallOpener } from './HallOpener';
import { StudyMembers } from './StudyMembers';
import { StudySettingsForm } from './StudySettingsForm';
import { studyRows } from './studyRows';
import { useStudyProgress } from './useStudyProgress';
import './makeup.css';

/**
 * "Học bù" in the console of an ended, recorded session: the make-up study settings, each member's
 * progress (and attendees to assign), and opening a hall make-up for an invited endpoint.
 */
export function MakeupPanel({
  token,
  sessionId,
  recordings,
}: {
  token: string;
  sessionId: string;
  recordings: readonly RecordingSummary[];
}) {
  const { t } = useTranslation();
  const { progress, audience, error, reload } = useStudyProgress(token, sessionId);
  const rows = useMemo(() => (progress ? studyRows(progress, audience) : []), [progress, audience]);
  const ready = recordings.some((r) => r.state === 'ready');

  return (
    <section className="host-panel makeup-panel" data-testid="makeup-panel" aria-labelledby="makeup-panel-title">
      <div className="makeup-panel__head">
        <h2 id="makeup-panel-title">{t('makeupHost.title')}</h2>
        {progress && progress.durationMs > 0 && (
          <span>{t('makeupHost.duration', { duration: formatDuration(progress.durationMs) })}</span>
        )}
        <button type="button" data-testid="makeup-reload" onClick={reload}>
          {t('makeupHost.reload')}
        </button>
      </div>
      {!ready && (
        <p className="notice" data-testid="makeup-not-ready">
          {t('makeupHost.notReady')}
        </p>
      )}
      {error !== null && (
        <p role="alert" className="host-console__error" data-testid="makeup-error">
          {makeupErrorText(t, error)}
        </p>
      )}
      {!progress && error === null && <p>{t('app.loading')}</p>}
      {progress && (
        <>
          <StudySettingsForm token={token} sessionId={sessionId} settings={progress.settings} onSaved={reload} />
          <StudyMembers token={token} sessionId={sessionId} rows={rows} onAssigned={reload} />
          <HallOpener token={token} sessionId={sessionId} ready={ready} />
        </>
      )}
    </section>
  );
}
