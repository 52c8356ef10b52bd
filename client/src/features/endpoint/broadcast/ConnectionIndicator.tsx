import { useTranslation } from 'react-i18next';
import type { MediaState, SocketState } from '../../media';

/** A large dot and words: connected, reconnecting, offline. Readable from across a hall. */
export function ConnectionIndicator({ socketState, mediaState }: { socketState: SocketState; mediaState: MediaState }) {
  const { t } = useTranslation();
  const state =
    socketState === 'offline'
      ? 'offline'
      : mediaState === 'connected'
        ? 'online'
        : mediaState === 'reconnecting'
          ? 'reconnecting'
          : mediaState === 'failed'
            ? 'failed'
            : 'connecting';
  return (
    <div className={`connection connection--${state}`} data-testid="connection" data-state={state} role="status">
      <span className="connection__dot" aria-hidden="true" />
      {t(`broadcast.connection.${state}`)}
    </div>
  );
}
