import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../../lib/socket';
import { TrackView, pickSpeaker, useBroadcastState, useLiveSession } from '../../media';
import { ConnectionIndicator } from './ConnectionIndicator';
import type { EndpointSignIn } from './endpointSession';
import { EndpointQuizOverlay } from '../../quiz';
import { EndpointCheckinPanel } from '../../checkin';
import { HallReplay, useHallMakeup } from '../../makeup';
import { RollCallPrompt } from './RollCallPrompt';
import { useAudioOnlyShortcut } from './useAudioOnlyShortcut';
import { useFloorPublishing } from './useFloorPublishing';

/**
 * The endpoint's TV screen: the speaker (and the shared screen) full-screen, the session title and a
 * connection indicator in big type. The operator's controls sit in a bar below the picture and an
 * options panel, never over it.
 */
export function EndpointScreen({
  signIn,
  tcpOnly,
  onSignedOut,
}: {
  signIn: EndpointSignIn;
  tcpOnly: boolean;
  /** The server no longer takes this token (it expired): a paired TV buys a new one. */
  onSignedOut?: () => void;
}) {
  const { t } = useTranslation();
  const live = useLiveSession({ token: signIn.token, sessionId: signIn.sessionId, self: signIn.identity, tcpOnly });
  useEffect(() => {
    if (live.error === 'UNAUTHENTICATED') onSignedOut?.();
  }, [live.error, onSignedOut]);
  const { floor, rollCall } = useBroadcastState(live.socket, live.summary);
  // A hall make-up replays the recording: there is no host to wait for.
  const hall = useHallMakeup(signIn.token, signIn.sessionId);
  const [menuOpen, setMenuOpen] = useState(false);
  // The operator's choice shows at once; the server's answer then confirms (or reverts) it.
  const [audioOnlyChoice, setAudioOnlyChoice] = useState<boolean | null>(null);
  const media = live.media;
  const tracks = media?.tracks ?? [];
  const { video, screen } = pickSpeaker(tracks);
  const endpointId = signIn.identity.subject;
  const holdsFloor = floor.holder?.endpointId === endpointId;
  const handRaised = floor.queue.some((h) => h.endpointId === endpointId);
  const status = live.summary?.status;
  useFloorPublishing(media, holdsFloor, status === 'live');
  useAudioOnlyShortcut(media);
  const audioOnly = media?.audioOnly ?? false;

  // What the hall is told, in one word: the truth of the session and of this TV's media.
  const tvStatus =
    status === 'ended'
      ? 'ended'
      : live.socketState === 'offline' || media?.state === 'reconnecting' || media?.state === 'failed'
        ? 'reconnecting'
        : status && status !== 'live'
          ? 'notLive'
          : tracks.length > 0
            ? 'live'
            : 'waiting';

  const errorText = live.error
    ? ['UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT', 'NOT_FOUND', 'PROTOCOL_MISMATCH'].includes(live.error)
      ? t(`broadcast.errors.${live.error as 'FORBIDDEN'}`)
      : t('broadcast.errors.generic', { code: live.error })
    : null;

  return (
    <div className="tv" data-testid="endpoint-screen">
      <header className="tv__header">
        <h1 className="tv__title">{live.summary?.title ?? t('app.loading')}</h1>
        <span className={`tv-status tv-status--${tvStatus}`} data-testid="tv-status" data-status={tvStatus}>
          {t(`broadcast.endpoint.tvStatus.${tvStatus}`)}
        </span>
        <ConnectionIndicator socketState={live.socketState} mediaState={media?.state ?? 'idle'} />
      </header>

      {hall && status === 'live' && (
        <main className="tv__stage">
          <HallReplay token={signIn.token} hall={hall} />
        </main>
      )}
      <main
        className={`tv__stage${screen ? ' tv__stage--with-screen' : ''}`}
        hidden={hall !== null && status === 'live'}
      >
        {/* Slides large and the speaker small while a screen is shared; no picture in audio only. */}
        {audioOnly && (video || screen) && (
          <p className="tv__waiting" data-testid="audio-only-stage">
            {t('broadcast.endpoint.audioOnlyStage')}
          </p>
        )}
        {!audioOnly && screen && (
          <TrackView
            track={screen.track}
            kind="video"
            className="tv__screen"
            label={t('broadcast.endpoint.screen')}
            source="screen"
            publisher={screen.publisher.role}
          />
        )}
        {!audioOnly && video && (
          <TrackView
            track={video.track}
            kind="video"
            className={screen ? 'tv__pip' : 'tv__speaker'}
            label={t('broadcast.endpoint.speaker')}
            source="camera"
            publisher={video.publisher.role}
          />
        )}
        {!video && !screen && (
          <p className="tv__waiting">
            {errorText ??
              (status === 'ended'
                ? t('broadcast.endpoint.ended')
                : status && status !== 'live'
                  ? t('broadcast.endpoint.notLive')
                  : t('broadcast.endpoint.waiting'))}
          </p>
        )}
        {floor.holder && (
          <p className="tv__caption">
            {holdsFloor
              ? t('broadcast.endpoint.youHaveFloor')
              : `${t('broadcast.endpoint.speaking')}: ${floor.holder.name}`}
          </p>
        )}
      </main>
      {tracks
        .filter((track) => track.kind === 'audio')
        .map((track) => (
          <TrackView key={track.consumerId} track={track.track} kind="audio" source={track.source} />
        ))}

      <footer className="tv__bar">
        {/* Options first: the right of the bar may sit under side panels (check-in). */}
        <button
          type="button"
          className="tv-button tv-button--quiet"
          data-testid="open-options"
          onClick={() => setMenuOpen(true)}
        >
          {t('broadcast.endpoint.menu')}
        </button>
        {!holdsFloor && (
          <button
            type="button"
            className="tv-button"
            data-testid="raise-hand"
            aria-pressed={handRaised}
            onClick={() =>
              live.socket &&
              void request(live.socket, handRaised ? 'floor:lowerHand' : 'floor:raiseHand', {}).catch(() => undefined)
            }
          >
            {handRaised ? t('broadcast.endpoint.lowerHand') : t('broadcast.endpoint.raiseHand')}
          </button>
        )}
        {holdsFloor && floor.holder?.muted && <span className="tv__note">{t('broadcast.endpoint.muted')}</span>}
        {media?.weakLink && !audioOnly && (
          <span className="tv__note tv__note--warn" role="status" data-testid="weak-link">
            {t('broadcast.endpoint.weakLink')}{' '}
            <button
              type="button"
              className="tv-button"
              data-testid="weak-link-audio-only"
              onClick={() => void media.setAudioOnly(true).catch(() => undefined)}
            >
              {t('broadcast.endpoint.weakLinkAudioOnly')}
            </button>
          </span>
        )}
        {audioOnly && (
          <span className="tv__note" data-testid="audio-only-note">
            {t('broadcast.endpoint.audioOnlyOn')}
          </span>
        )}
      </footer>

      {menuOpen && media && (
        <div className="tv-overlay tv-overlay--options" role="dialog" aria-label={t('broadcast.endpoint.menu')}>
          <label className="tv-toggle">
            <input
              type="checkbox"
              data-testid="audio-only-toggle"
              checked={audioOnlyChoice ?? media.audioOnly}
              onChange={(e) => {
                const wanted = e.target.checked;
                setAudioOnlyChoice(wanted);
                void media
                  .setAudioOnly(wanted)
                  .catch(() => undefined)
                  .finally(() => setAudioOnlyChoice(null));
              }}
            />
            {t('broadcast.endpoint.audioOnly')}
          </label>
          <p>{t('broadcast.endpoint.audioOnlyShortcut')}</p>
          <button type="button" className="tv-button" onClick={() => setMenuOpen(false)}>
            {t('broadcast.endpoint.closeMenu')}
          </button>
        </div>
      )}
      <EndpointQuizOverlay socket={live.socket} joinedAt={live.summary} />
      <EndpointCheckinPanel socket={live.socket} joinedAt={live.summary} />
      {live.socket && rollCall && <RollCallPrompt socket={live.socket} rollCall={rollCall} endpointId={endpointId} />}
      <div
        hidden
        data-testid="media-stats"
        data-frames={media?.stats.framesDecoded ?? 0}
        data-audio-packets={media?.stats.audioPackets ?? 0}
        data-at={media?.stats.at ?? 0}
        data-version={live.mediaVersion}
      />
    </div>
  );
}
