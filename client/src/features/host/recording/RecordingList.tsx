import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { RecordingSummary } from '@diem-cau/shared';
import { currentLanguage } from '../../../i18n';
import { formatDateTime } from '../../../i18n/format';
import { formatBytes, formatDuration } from '../../replay/common';

/** The session's recordings: when, how long, how big, their state, and a link to watch each one. */
export function RecordingList({ recordings }: { recordings: readonly RecordingSummary[] }) {
  const { t } = useTranslation();
  return (
    <section className="host-recordings" data-testid="recording-list" aria-labelledby="host-recordings-title">
      <h2 id="host-recordings-title">{t('recording.list.title')}</h2>
      {recordings.length === 0 ? (
        <p>{t('recording.list.empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('recording.list.started')}</th>
              <th scope="col">{t('recording.list.duration')}</th>
              <th scope="col">{t('recording.list.size')}</th>
              <th scope="col">{t('recording.list.state')}</th>
              <th scope="col">{t('recording.list.watch')}</th>
            </tr>
          </thead>
          <tbody>
            {recordings.map((r) => (
              <tr key={r.id} data-testid="recording-row" data-state={r.state}>
                <td>{r.startedAt ? formatDateTime(r.startedAt) : '—'}</td>
                <td>{formatDuration(r.durationMs)}</td>
                <td>{formatBytes(r.sizeBytes, currentLanguage())}</td>
                <td>{t(`recording.state.${r.state}`)}</td>
                <td>
                  <Link to={`/replay/${encodeURIComponent(r.id)}`} data-testid="recording-link">
                    {t('recording.list.watch')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
