import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type Audience, type Session } from '@diem-cau/shared';
import { api } from '../../../lib/api';
import { TrackView, pickSpeaker, useBroadcastState, useLiveSession } from '../../media';
import { AudienceTable } from './AudienceTable';
import { HandQueue } from './HandQueue';
import { changeSessionStatus, type HostSignIn } from './hostAuth';
import { HostQuizPanel } from '../../quiz';
import { AttendancePanel } from '../../attendance';
import { RollCallPanel } from './RollCallPanel';
import { RecordingControls, RecordingList, useSessionRecordings } from '../recording';
import { MakeupPanel } from '../makeup';
import { useHostPublishing } from './useHostPublishing';

/** The host's console for one session: go live, share the screen, the audience, the floor, the roll call. */
export function HostConsole({ signIn, sessionId }: { signIn: HostSignIn; sessionId: string }) {
  const { t } = useTranslation();
  const live = useLiveSession({ token: signIn.token, sessionId, self: signIn.identity });
  const { floor, rollCall } = useBroadcastState(live.socket, live.summary);
  const publishing = useHostPublishing(live.media);
  const [audience, setAudience] = useState<Audience | null>(null);
  const status = live.summary?.status;
  const recordings = useSessionRecordings(signIn.token, sessionId, status);
  const [stored, setStored] = useState<Session | null>(null);
  useEffect(() => {
    api(API.sessions.get, { params: { id: sessionId }, token: signIn.token }).then(setStored, () => setStored(null));
  }, [signIn.token, sessionId]);
  const code = stored?.code ?? null;
  // An ended session cannot be joined (no live summary): the stored session says it ended.
  const ended = status === 'ended' || stored?.status === 'ended';
  const tracks = live.media?.tracks ?? [];
  const floorVideo = pickSpeaker(tracks.filter((track) => track.publisher.role === 'endpoint')).video;

  useEffect(() => {
    const socket = live.socket;
    if (!socket) return;
    socket.on('media:audience', setAudience);
    return () => {
      socket.off('media:audience', setAudience);
    };
  }, [live.socket]);

  const mediaState = live.media?.state;
  const hostStatus = ended
    ? 'ended'
    : live.socketState === 'offline' ||
        (publishing.camera && (mediaState === 'reconnecting' || mediaState === 'failed'))
      ? 'reconnecting'
      : status === 'live' && publishing.camera && mediaState === 'connected'
        ? 'live'
        : status === 'live' && publishing.camera
          ? 'connecting'
          : 'idle';

  return (
    <div className="host-console" data-testid="host-console" data-status={status ?? stored?.status ?? 'unknown'}>
      <header className="host-console__header">
        <h1>{live.summary?.title ?? stored?.title ?? t('app.loading')}</h1>
        {code && (
          <span className="host-console__code" data-testid="session-code">
            {t('sessionCode.label')}: <strong>{code}</strong>
          </span>
        )}
        {/* The truth of the broadcast, not of the audience: "live" only while the host's own media flows. */}
        <span
          className={`host-status host-status--${hostStatus}`}
          data-testid="host-status"
          data-status={hostStatus}
          data-offline={live.socketState === 'offline'}
        >
          {t(`broadcast.host.status.${hostStatus}`)}
        </span>
        <span hidden data-testid="host-connection" data-state={live.media?.state ?? 'idle'} />
        {live.error && !ended && (
          <p role="alert" className="host-console__error">
            {t('broadcast.errors.generic', { code: live.error })}
          </p>
        )}
      </header>

      <div className="host-console__actions">
        {status && status !== 'live' && status !== 'ended' && (
          <button
            type="button"
            className="primary"
            data-testid="start-session"
            onClick={() => void changeSessionStatus(signIn.token, sessionId, 'start').catch(() => undefined)}
          >
            {t('broadcast.host.startSession')}
          </button>
        )}
        {status === 'live' && !publishing.camera && (
          <button type="button" data-testid="go-live" className="primary" onClick={() => void publishing.goLive()}>
            {t('broadcast.host.goLive')}
          </button>
        )}
        {status === 'live' && publishing.camera && (
          <>
            <strong className="host-console__live">● {t('broadcast.host.live')}</strong>
            <button type="button" onClick={() => void publishing.stopLive()}>
              {t('broadcast.host.stopLive')}
            </button>
          </>
        )}
        {status === 'live' && (
          <button
            type="button"
            data-testid="share-screen"
            aria-pressed={publishing.sharing}
            onClick={() => void (publishing.sharing ? publishing.stopShare() : publishing.shareScreen())}
          >
            {publishing.sharing ? t('broadcast.host.stopShare') : t('broadcast.host.shareScreen')}
          </button>
        )}
        {status === 'live' && (
          <button
            type="button"
            className="danger host-console__end"
            data-testid="end-session"
            onClick={() => void changeSessionStatus(signIn.token, sessionId, 'end').catch(() => undefined)}
          >
            {t('broadcast.host.endSession')}
          </button>
        )}
        <RecordingControls token={signIn.token} sessionId={sessionId} status={status} recordings={recordings} />
        {publishing.error && (
          <p role="alert" className="host-console__error">
            {publishing.error}
          </p>
        )}
      </div>

      <div className="host-console__layout">
        <div className="host-console__side">
          <div className="host-console__videos">
            {publishing.camera && (
              <figure>
                <figcaption>{t('broadcast.host.preview')}</figcaption>
                <TrackView track={publishing.camera.getVideoTracks()[0]!} kind="video" source="preview" />
              </figure>
            )}
            {floorVideo && (
              <figure data-testid="floor-video">
                <figcaption>{t('broadcast.host.floorVideo')}</figcaption>
                <TrackView track={floorVideo.track} kind="video" source="floor" publisher="endpoint" />
              </figure>
            )}
            {tracks
              .filter((track) => track.kind === 'audio')
              .map((track) => (
                <TrackView key={track.consumerId} track={track.track} kind="audio" source={track.source} />
              ))}
          </div>
          {live.socket && <HandQueue socket={live.socket} floor={floor} />}
          {live.socket && <RollCallPanel socket={live.socket} rollCall={rollCall} />}
        </div>
        <div
          hidden
          data-testid="media-stats"
          data-frames={live.media?.stats.framesDecoded ?? 0}
          data-audio-packets={live.media?.stats.audioPackets ?? 0}
          data-version={live.mediaVersion}
        />

        {live.socket && (
          <div className="host-console__main">
            <AttendancePanel socket={live.socket} joinedAt={live.summary} />
            <HostQuizPanel socket={live.socket} joinedAt={live.summary} token={signIn.token} sessionId={sessionId} />
          </div>
        )}
      </div>
      {live.socket && <AudienceTable audience={audience} />}
      <RecordingList recordings={recordings.recordings} />
      {ended && recordings.recordings.length > 0 && (
        <MakeupPanel token={signIn.token} sessionId={sessionId} recordings={recordings.recordings} />
      )}
    </div>
  );
}
