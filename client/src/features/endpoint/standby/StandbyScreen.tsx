import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HallChoice, StandbySession } from '@diem-cau/shared';
import { formatDateTime } from '../../../i18n/format';
import { HallChoices } from './HallChoices';

function countdown(ms: number): { h: number; m: number; s: number } {
  const total = Math.max(0, Math.floor(ms / 1000));
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 };
}

/** The paired TV between sessions: big type, high contrast, read from across the hall. */
export function StandbyScreen({
  name,
  sessions,
  offline,
  archived = false,
  clockSkewMs,
  makeups = [],
  onOpenMakeup,
}: {
  name: string;
  sessions: StandbySession[] | null;
  offline: boolean;
  /** The endpoint was archived: no session until an admin restores it. */
  archived?: boolean;
  clockSkewMs: number;
  /** What the hall may make up (offered only while no session is live). */
  makeups?: HallChoice[];
  onOpenMakeup?: (sessionId: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const serverNow = now + clockSkewMs;
  // Archived: the last known sessions are not this TV's to join any more.
  const list = archived ? null : sessions;
  const next = list?.[0];
  const offerMakeup = !archived && next?.status !== 'live' && makeups.length > 0 && onOpenMakeup !== undefined;

  return (
    <div className="tv tv--standby" data-testid="tv-standby">
      <header className="tv__header">
        <h1 className="tv__title">{name}</h1>
        <span className="tv-status" data-testid="tv-status" data-status={offline ? 'reconnecting' : 'standby'}>
          {offline ? t('standby.offline') : t('standby.ready')}
        </span>
      </header>
      <main className="tv__stage tv-standby__stage">
        {archived && (
          <p className="tv__waiting" role="alert" data-testid="standby-archived">
            {t('standby.archived')}
          </p>
        )}
        {!archived && list === null && <p className="tv__waiting">{t('app.loading')}</p>}
        {list?.length === 0 && (
          <p className="tv__waiting">{offerMakeup ? t('standby.noneUpcoming') : t('standby.none')}</p>
        )}
        {next && (
          <section className="tv-standby__next" data-testid="standby-next">
            <p className="tv-standby__label">{next.status === 'live' ? t('standby.joining') : t('standby.next')}</p>
            <h2 className="tv-standby__title">{next.title}</h2>
            {next.scheduledStart && <p className="tv-standby__when">{formatDateTime(next.scheduledStart)}</p>}
            {next.status === 'scheduled' &&
              next.scheduledStart &&
              (() => {
                const left = new Date(next.scheduledStart).getTime() - serverNow;
                const c = countdown(left);
                return (
                  <p className="tv-standby__countdown" data-testid="standby-countdown">
                    {left > 0
                      ? t('standby.countdown', {
                          h: c.h,
                          m: String(c.m).padStart(2, '0'),
                          s: String(c.s).padStart(2, '0'),
                        })
                      : t('standby.waitingHost')}
                  </p>
                );
              })()}
          </section>
        )}
        {list && list.length > 1 && (
          <ul className="tv-standby__later">
            {list.slice(1, 4).map((s) => (
              <li key={s.id}>
                {s.scheduledStart ? formatDateTime(s.scheduledStart) : '—'} — {s.title}
              </li>
            ))}
          </ul>
        )}
        {offerMakeup && <HallChoices choices={makeups} onOpen={onOpenMakeup} />}
      </main>
      <footer className="tv__bar">
        <span className="tv__note">{t('standby.auto')}</span>
      </footer>
    </div>
  );
}
