import type { KeyboardEvent, MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordingClip, RecordingGap } from '@diem-cau/shared';
import { formatDuration } from './common';

const percent = (ms: number, durationMs: number) => `${Math.min(100, (ms / Math.max(1, durationMs)) * 100)}%`;

/**
 * The recording's media time as a bar: where the slides and the floor were shown, and the points
 * where live time is missing (a pause, an outage) with how long; a click seeks. The gaps are also
 * listed in words for whoever cannot see the marks.
 */
export function ReplayTimeline({
  durationMs,
  positionMs,
  clips,
  gaps,
  onSeek,
}: {
  durationMs: number;
  positionMs: number;
  clips: readonly RecordingClip[];
  gaps: readonly RecordingGap[];
  onSeek: (ms: number) => void;
}) {
  const { t } = useTranslation();
  const seekAt = (event: MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    onSeek(Math.round(((event.clientX - box.left) / Math.max(1, box.width)) * durationMs));
  };
  const seekByKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === 'ArrowRight' ? 10_000 : event.key === 'ArrowLeft' ? -10_000 : 0;
    if (step === 0) return;
    event.preventDefault();
    onSeek(Math.min(durationMs, Math.max(0, positionMs + step)));
  };
  const gapText = (gap: RecordingGap) =>
    t(`replay.gap.${gap.reason}`, { at: formatDuration(gap.atMs), length: formatDuration(gap.lengthMs) });

  return (
    <div className="replay-timeline" data-testid="replay-timeline">
      <div
        className="replay-timeline__bar"
        role="slider"
        tabIndex={0}
        aria-label={t('replay.timeline')}
        aria-valuemin={0}
        aria-valuemax={Math.round(durationMs / 1000)}
        aria-valuenow={Math.round(positionMs / 1000)}
        aria-valuetext={`${formatDuration(positionMs)} / ${formatDuration(durationMs)}`}
        onClick={seekAt}
        onKeyDown={seekByKey}
      >
        {clips.map((clip) => (
          <span
            key={`${clip.track}-${clip.atMs}`}
            className={`replay-timeline__clip replay-timeline__clip--${clip.track}`}
            data-testid="replay-clip-mark"
            data-track={clip.track}
            style={{ left: percent(clip.atMs, durationMs), width: percent(clip.durationMs, durationMs) }}
            title={clip.track === 'screen' ? t('replay.screen') : `${t('replay.floor')}: ${clip.label ?? ''}`}
          />
        ))}
        <span className="replay-timeline__played" style={{ width: percent(positionMs, durationMs) }} />
        {gaps.map((gap) => (
          <span
            key={`${gap.reason}-${gap.atMs}`}
            className={`replay-timeline__gap replay-timeline__gap--${gap.reason}`}
            data-testid="replay-gap"
            data-reason={gap.reason}
            style={{ left: percent(gap.atMs, durationMs) }}
            title={gapText(gap)}
          />
        ))}
      </div>
      {gaps.length > 0 && (
        <ul className="replay-timeline__gaps">
          {gaps.map((gap) => (
            <li key={`${gap.reason}-${gap.atMs}`}>
              <button type="button" className="button button--quiet" onClick={() => onSeek(gap.atMs)}>
                {gapText(gap)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
