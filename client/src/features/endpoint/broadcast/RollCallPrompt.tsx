import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RollCall } from '@diem-cau/shared';
import { request, type AppSocket } from '../../../lib/socket';
import { useSecondsLeft } from '../../media';

/** Full-screen prompt while a roll call is open and this endpoint has not answered. */
export function RollCallPrompt({
  socket,
  rollCall,
  endpointId,
}: {
  socket: AppSocket;
  rollCall: RollCall;
  endpointId: string;
}) {
  const { t } = useTranslation();
  const secondsLeft = useSecondsLeft(rollCall.deadline);
  const [sending, setSending] = useState(false);
  const answered = rollCall.answers.some((a) => a.endpointId === endpointId);
  if (rollCall.closed || secondsLeft === 0) return null;
  if (answered) {
    return (
      <div className="tv-toast" role="status" data-testid="rollcall-done">
        {t('broadcast.endpoint.rollCallDone')}
      </div>
    );
  }
  return (
    <div className="tv-overlay" role="dialog" aria-labelledby="rollcall-title">
      <h2 id="rollcall-title">{t('broadcast.endpoint.rollCallTitle')}</h2>
      <p>{t('broadcast.endpoint.rollCallPrompt')}</p>
      <p className="tv-overlay__countdown">{t('broadcast.endpoint.secondsLeft', { count: secondsLeft })}</p>
      <button
        type="button"
        className="tv-button tv-button--primary"
        disabled={sending}
        onClick={() => {
          setSending(true);
          request(socket, 'rollcall:confirm', { rollCallId: rollCall.rollCallId }).finally(() => setSending(false));
        }}
      >
        {t('broadcast.endpoint.rollCallConfirm')}
      </button>
    </div>
  );
}
