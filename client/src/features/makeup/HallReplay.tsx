import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type HallMakeup, type Recording } from '@diem-cau/shared';
import { api, ApiError } from '../../lib/api';
import { ReplayPlayer } from '../replay';

/** Whether the TV's session is a hall make-up (null while unknown or when it is a live session). */
export function useHallMakeup(token: string, sessionId: string): HallMakeup | null {
  const [hall, setHall] = useState<HallMakeup | null>(null);
  useEffect(() => {
    let current = true;
    api(API.makeupStudy.hall, { params: { sessionId }, token }).then(
      (h) => current && setHall(h),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [token, sessionId]);
  return hall;
}

/**
 * The TV of a hall make-up: the recording in place of the live picture, the slides beside the
 * speaker as live; the operator plays it and ends the make-up, which credits who stayed.
 */
export function HallReplay({ token, hall }: { token: string; hall: HallMakeup }) {
  const { t } = useTranslation();
  const [recording, setRecording] = useState<Recording | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ending, setEnding] = useState(false);

  useEffect(() => {
    let current = true;
    api(API.recordings.get, { params: { id: hall.recordingId }, token }).then(
      (r) => current && setRecording(r),
      (e: unknown) => current && setError(e instanceof ApiError ? e.code : 'INTERNAL'),
    );
    return () => {
      current = false;
    };
  }, [token, hall.recordingId]);

  const end = () => {
    setEnding(true);
    api(API.makeupStudy.endHall, { params: { sessionId: hall.sessionId }, token }).catch((e: unknown) => {
      setEnding(false);
      setError(e instanceof ApiError ? e.code : 'INTERNAL');
    });
  };

  return (
    <div className="hall-replay" data-testid="hall-replay">
      <p className="tv__caption">{t('study.hall.caption', { title: hall.parentTitle })}</p>
      {error && (
        <p role="alert" className="tv__waiting" data-testid="hall-replay-error" data-code={error}>
          {t(`study.codes.${error}`, { defaultValue: t('study.codes.INTERNAL') })}
        </p>
      )}
      {recording && <ReplayPlayer manifest={recording} initialQuality="archive" />}
      <button type="button" className="tv-button" data-testid="hall-end" disabled={ending} onClick={end}>
        {t('study.hall.end')}
      </button>
    </div>
  );
}
