import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HallChoice } from '@diem-cau/shared';
import { ApiError } from '../../../lib/api';
import { formatDateTime } from '../../../i18n/format';

/**
 * "Học bù tại hội trường" on the standby screen: one big button per ended, recorded session the
 * hall may make up. Pressing one opens the hall make-up; the TV then replays it as a session.
 */
export function HallChoices({
  choices,
  onOpen,
}: {
  choices: HallChoice[];
  onOpen: (sessionId: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [opening, setOpening] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = (sessionId: string) => {
    setOpening(sessionId);
    setError(null);
    onOpen(sessionId).catch((e: unknown) => {
      setOpening(null);
      setError(e instanceof ApiError ? e.code : 'INTERNAL');
    });
  };

  return (
    <section className="tv-standby__makeup" data-testid="standby-makeup" aria-labelledby="standby-makeup-title">
      <h2 id="standby-makeup-title" className="tv-standby__label">
        {t('standby.makeup.intro')}
      </h2>
      <ul>
        {choices.map((c) => (
          <li key={c.sessionId}>
            <button
              type="button"
              className="tv-button tv-button--primary tv-standby__makeup-button"
              data-testid="standby-makeup-open"
              data-session={c.sessionId}
              disabled={opening !== null}
              onClick={() => open(c.sessionId)}
            >
              <span>
                {opening === c.sessionId ? t('standby.makeup.opening') : t('standby.makeup.open', { title: c.title })}
              </span>
              <small>
                {t('standby.makeup.details', {
                  ended: c.endedAt ? formatDateTime(c.endedAt) : '—',
                  minutes: Math.max(1, Math.round(c.durationMs / 60_000)),
                })}
                {c.deadline && ` · ${t('standby.makeup.deadline', { at: formatDateTime(c.deadline) })}`}
              </small>
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="tv__note tv__note--warn" data-testid="standby-makeup-error" data-code={error}>
          {t(`standby.makeup.codes.${error}`, { defaultValue: t('standby.makeup.codes.INTERNAL') })}
        </p>
      )}
    </section>
  );
}
