import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RollCall } from '@diem-cau/shared';
import { request, type AppSocket } from '../../../lib/socket';
import { useSecondsLeft } from '../../media';

/** Starts a roll call of the connected endpoints and shows who answered and who did not. */
export function RollCallPanel({ socket, rollCall }: { socket: AppSocket; rollCall: RollCall | null }) {
  const { t } = useTranslation();
  const [duration, setDuration] = useState(60);
  const secondsLeft = useSecondsLeft(rollCall?.deadline);
  const open = rollCall !== null && !rollCall.closed && secondsLeft > 0;
  const answeredIds = new Set(rollCall?.answers.map((a) => a.endpointId));
  const answered = rollCall?.expected.filter((e) => answeredIds.has(e.endpointId)) ?? [];
  const missing = rollCall?.expected.filter((e) => !answeredIds.has(e.endpointId)) ?? [];
  return (
    <section className="host-panel" aria-labelledby="rollcall-panel-title">
      <h2 id="rollcall-panel-title">{t('broadcast.host.rollCall')}</h2>
      {!open && (
        <div className="rollcall-start">
          <label>
            {t('broadcast.host.duration')}
            <input
              type="number"
              min={10}
              max={600}
              value={duration}
              onChange={(e) => setDuration(Number(e.target.value))}
            />
          </label>
          <button
            type="button"
            data-testid="start-rollcall"
            onClick={() => void request(socket, 'rollcall:start', { durationSeconds: duration }).catch(() => undefined)}
          >
            {t('broadcast.host.startRollCall')}
          </button>
        </div>
      )}
      {rollCall && (
        <div data-testid="rollcall-results">
          <p>{open ? t('broadcast.host.rollCallOpen', { count: secondsLeft }) : t('broadcast.host.rollCallClosed')}</p>
          <h3>{t('broadcast.host.answered', { count: answered.length })}</h3>
          <ul data-testid="rollcall-answered">
            {answered.map((e) => (
              <li key={e.endpointId}>{e.name}</li>
            ))}
          </ul>
          <h3>{t('broadcast.host.notAnswered', { count: missing.length })}</h3>
          <ul data-testid="rollcall-missing">
            {missing.map((e) => (
              <li key={e.endpointId}>{e.name}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
