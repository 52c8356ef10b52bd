import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { API, type RecordingStorage, type RecordingSummary } from '@diem-cau/shared';
import { api } from '../../lib/api';
import { currentLanguage } from '../../i18n';
import { formatBytes, formatDuration, recordingErrorText } from '../replay/common';

/** Admins: every recording with its size, the disk used and free, the retention, and deleting one. */
export function RecordingStoragePanel({ token }: { token: string }) {
  const { t } = useTranslation();
  const [storage, setStorage] = useState<RecordingStorage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const bytes = (n: number) => formatBytes(n, currentLanguage());

  const load = useCallback(
    () =>
      api(API.recordings.storage, { token }).then(
        (s) => {
          setStorage(s);
          setError(null);
        },
        (e: unknown) => setError(recordingErrorText(t, e)),
      ),
    [token, t],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const remove = async (r: RecordingSummary) => {
    if (!window.confirm(t('recording.admin.confirmDelete', { title: r.sessionTitle }))) return;
    setBusy(r.id);
    try {
      await api(API.recordings.remove, { params: { id: r.id }, token });
      await load();
    } catch (e) {
      setError(recordingErrorText(t, e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="recording-storage" data-testid="recording-storage" aria-labelledby="recording-storage-title">
      <h2 id="recording-storage-title">{t('recording.admin.title')}</h2>
      {error && (
        <p role="alert" className="notice">
          {error}
        </p>
      )}
      {storage && (
        <>
          <p data-testid="recording-storage-totals">
            {t('recording.admin.used')}: <strong>{bytes(storage.totalBytes)}</strong> · {t('recording.admin.free')}:{' '}
            <strong>{storage.freeBytes === null ? '—' : bytes(storage.freeBytes)}</strong> ·{' '}
            {storage.retentionDays === null
              ? t('recording.admin.keptForever')
              : t('recording.admin.retention', { days: storage.retentionDays })}
          </p>
          {storage.recordings.length === 0 ? (
            <p>{t('recording.list.empty')}</p>
          ) : (
            <table className="recording-storage__table">
              <thead>
                <tr>
                  <th scope="col">{t('recording.admin.session')}</th>
                  <th scope="col">{t('recording.list.duration')}</th>
                  <th scope="col">{t('recording.list.size')}</th>
                  <th scope="col">{t('recording.list.state')}</th>
                  <th scope="col">{t('recording.admin.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {storage.recordings.map((r) => (
                  <tr key={r.id} data-testid="recording-storage-row" data-state={r.state}>
                    <td>{r.sessionTitle}</td>
                    <td>{formatDuration(r.durationMs)}</td>
                    <td>{bytes(r.sizeBytes)}</td>
                    <td>{t(`recording.state.${r.state}`)}</td>
                    <td className="recording-storage__actions">
                      <Link to={`/replay/${encodeURIComponent(r.id)}`}>{t('recording.list.watch')}</Link>{' '}
                      <button
                        type="button"
                        className="button button--quiet"
                        data-testid="recording-delete"
                        disabled={busy === r.id}
                        onClick={() => void remove(r)}
                      >
                        {t('recording.admin.delete')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
