import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { API, type Recording, type StudyPlayback } from '@diem-cau/shared';
import { api, ApiError } from '../../lib/api';
import { useDocumentTitle } from '../base';
import { storedMemberSignIn } from '../member/memberAuth';
import { ReplayPlayer } from '../replay';
import { StudyProgressBar } from './StudyProgressBar';
import { useStudyHeartbeats } from './useStudyHeartbeats';
import './study.css';

/**
 * `/study/:sessionId`: a member's make-up study. The recording plays from where they stopped; its
 * heartbeats tell the server what was played, and the server alone decides what counts.
 */
export function StudyPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('study.title')} — ${t('app.name')}`);
  const { sessionId = '' } = useParams();
  const signIn = storedMemberSignIn();
  if (!signIn) {
    return (
      <section className="area-page study-page">
        <p>
          <Link to="/member" data-testid="study-sign-in">
            {t('study.signIn')}
          </Link>
        </p>
      </section>
    );
  }
  return <StudyView token={signIn.token} sessionId={sessionId} />;
}

function StudyView({ token, sessionId }: { token: string; sessionId: string }) {
  const { t } = useTranslation();
  const [playback, setPlayback] = useState<StudyPlayback | null>(null);
  const [recording, setRecording] = useState<Recording | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const beats = useStudyHeartbeats(token, sessionId, playback?.playbackId ?? null, playback?.status ?? null);

  useEffect(() => {
    let current = true;
    api(API.makeupStudy.startPlayback, { params: { sessionId }, token })
      .then(async (p) => {
        const manifest = await api(API.recordings.get, { params: { id: p.status.recordingId }, token });
        if (!current) return;
        setPlayback(p);
        setRecording(manifest);
      })
      .catch((e: unknown) => current && setFailure(e instanceof ApiError ? e.code : 'INTERNAL'));
    return () => {
      current = false;
    };
  }, [token, sessionId]);

  const status = beats.status;
  const code = failure ?? beats.error;
  return (
    <section className="area-page study-page" data-testid="study-page">
      <h1>{status?.sessionTitle ?? t('study.title')}</h1>
      {code && (
        <p role="alert" className="notice" data-testid="study-error" data-code={code}>
          {t(`study.codes.${code}`, { defaultValue: t('study.codes.INTERNAL') })}
        </p>
      )}
      {!status && !code && <p className="loading">{t('app.loading')}</p>}
      {status && <StudyProgressBar status={status} />}
      {status && <p className="study-page__rules">{t('study.rules', { rate: status.maxRate })}</p>}
      {status?.completedAt && (
        <p className="notice study-page__done" role="status" data-testid="study-completed">
          {t('study.completed')}{' '}
          <Link to={`/member?makeup=${encodeURIComponent(sessionId)}`} data-testid="study-quiz-link">
            {t('study.toQuiz')}
          </Link>
        </p>
      )}
      {recording && playback && (
        <ReplayPlayer
          manifest={recording}
          startAtMs={playback.status.resumeMs}
          onPlayback={beats.report}
          initialQuality={window.innerWidth <= 700 ? 'phone' : 'archive'}
        />
      )}
    </section>
  );
}
