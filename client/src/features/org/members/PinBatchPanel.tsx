import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type BulkPinsRequest, type PinBatch } from '@diem-cau/shared';
import { api, apiDownload } from '../../../lib/api';
import { errorText } from '../common/errorText';

/**
 * PINs for every member of the unit chosen in the filter (district, commune or cell), in one
 * action: a background job with progress, then the one-time PIN slips.
 */
export function PinBatchPanel({
  token,
  unitId,
  total,
  memberIds,
  onIssued,
}: {
  token: string;
  unitId: string;
  total: number | null;
  memberIds: string[];
  onIssued: () => void;
}) {
  const { t } = useTranslation();
  const [batch, setBatch] = useState<PinBatch | null>(null);
  const [taken, setTaken] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!batch || batch.state === 'done' || batch.state === 'failed') return;
    const timer = setTimeout(() => {
      api(API.org.pinBatch, { params: { id: batch.batchId }, token }).then(setBatch, (err: unknown) =>
        setError(errorText(t, err, 'members')),
      );
    }, 700);
    return () => clearTimeout(timer);
  }, [batch, token, t]);

  const issue = async (body: BulkPinsRequest, count: number) => {
    if (!window.confirm(t('org.pinBatch.confirm', { count }))) return;
    try {
      setTaken({});
      setError(null);
      setBatch(await api(API.org.issuePins, { body, token }));
      onIssued();
    } catch (err) {
      setError(errorText(t, err, 'members'));
    }
  };
  const download = async (format: 'xlsx' | 'pdf') => {
    if (!batch?.sheetId) return;
    try {
      await apiDownload(
        API.org.pinSlips,
        { params: { id: batch.sheetId, format }, token },
        `phieu-pin-dang-vien.${format}`,
      );
      setTaken((d) => ({ ...d, [format]: true }));
    } catch (err) {
      setError(errorText(t, err, 'members'));
    }
  };
  const running = batch !== null && batch.state !== 'done' && batch.state !== 'failed';

  return (
    <div className="org-sheet" data-testid="pin-batch">
      <button
        type="button"
        className="button primary"
        data-testid="pin-batch-issue"
        disabled={!unitId || running}
        onClick={() => void issue({ unitId }, total ?? 0)}
      >
        {unitId ? t('org.pinBatch.issue', { count: total ?? 0 }) : t('org.pinBatch.chooseUnit')}
      </button>{' '}
      {memberIds.length > 0 && (
        <button
          type="button"
          className="button"
          data-testid="pin-batch-issue-selected"
          disabled={running}
          onClick={() => void issue({ memberIds }, memberIds.length)}
        >
          {t('org.pinBatch.issueSelected', { count: memberIds.length })}
        </button>
      )}
      {batch && (
        <div role="status" data-testid="pin-batch-status" data-state={batch.state}>
          {running && (
            <p>
              {t('org.pinBatch.running')} <progress max={100} value={batch.progress} /> {batch.progress} %
            </p>
          )}
          {batch.state === 'failed' && <p role="alert">{t('org.pinBatch.failed')}</p>}
          {batch.state === 'done' && (
            <>
              <p>{t('org.pinBatch.done', { count: batch.count ?? 0 })}</p>
              <button
                type="button"
                className="button"
                data-testid="pin-batch-download-xlsx"
                disabled={taken.xlsx}
                onClick={() => void download('xlsx')}
              >
                {t('org.pinBatch.xlsx')}
              </button>{' '}
              <button
                type="button"
                className="button"
                data-testid="pin-batch-download-pdf"
                disabled={taken.pdf}
                onClick={() => void download('pdf')}
              >
                {t('org.pinBatch.pdf')}
              </button>
              <p className="notice">{t('org.pinBatch.once')}</p>
            </>
          )}
        </div>
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
