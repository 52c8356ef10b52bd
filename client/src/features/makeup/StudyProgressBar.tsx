import { useTranslation } from 'react-i18next';
import type { StudyStatus } from '@diem-cau/shared';

const percent = (share: number) => Math.floor(share * 100);

/** How much of the recording counts so far, against the share the session asks for. */
export function StudyProgressBar({ status }: { status: StudyStatus }) {
  const { t } = useTranslation();
  return (
    <div
      className="study-progress"
      data-testid="study-progress"
      data-watched-ms={status.watchedMs}
      data-completed={status.completedAt !== null}
    >
      <progress max={1} value={Math.min(1, status.watchedShare)} aria-label={t('study.progressLabel')} />
      <span>
        {t('study.progress', { watched: percent(status.watchedShare), required: percent(status.requiredShare) })}
      </span>
    </div>
  );
}
