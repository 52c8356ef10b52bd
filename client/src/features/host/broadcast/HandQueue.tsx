import { useTranslation } from 'react-i18next';
import type { FloorState } from '@diem-cau/shared';
import { request, type AppSocket } from '../../../lib/socket';
import { formatTime } from './formatting';

/** Raised hands in order of request; grant, take back and mute. */
export function HandQueue({ socket, floor }: { socket: AppSocket; floor: FloorState }) {
  const { t } = useTranslation();
  const send = (action: () => Promise<unknown>): void => void action().catch(() => undefined);
  return (
    <section className="host-panel" aria-labelledby="hands-title">
      <h2 id="hands-title">{t('broadcast.host.hands')}</h2>
      {floor.holder && (
        <div className="floor-holder" data-testid="floor-holder">
          <strong>{t('broadcast.host.holder', { name: floor.holder.name })}</strong>
          <button
            type="button"
            onClick={() => send(() => request(socket, 'floor:mute', { muted: !floor.holder?.muted }))}
          >
            {floor.holder.muted ? t('broadcast.host.unmute') : t('broadcast.host.mute')}
          </button>
          <button type="button" data-testid="revoke" onClick={() => send(() => request(socket, 'floor:revoke', {}))}>
            {t('broadcast.host.revoke')}
          </button>
        </div>
      )}
      {floor.queue.length === 0 ? (
        <p>{t('broadcast.host.noHands')}</p>
      ) : (
        <ol className="hand-queue">
          {floor.queue.map((hand) => (
            <li key={hand.endpointId} data-endpoint={hand.endpointId}>
              <span>
                {hand.name} · {formatTime(hand.raisedAt)}
              </span>
              <button
                type="button"
                onClick={() => send(() => request(socket, 'floor:grant', { endpointId: hand.endpointId }))}
              >
                {t('broadcast.host.grant')}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
