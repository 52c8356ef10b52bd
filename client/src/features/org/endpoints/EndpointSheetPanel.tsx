import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type EndpointSheet } from '@diem-cau/shared';
import { api, apiDownload } from '../../../lib/api';
import { errorText } from '../common/errorText';

/**
 * New keys for every endpoint shown (a district or the whole province) in one action, delivered
 * only as the endpoint sheet: a pairing link and QR per TV, each format downloadable once.
 */
export function EndpointSheetPanel({
  token,
  districtId,
  districtName,
  count,
  onIssued,
}: {
  token: string;
  districtId: string;
  districtName: string;
  count: number;
  onIssued: () => void;
}) {
  const { t } = useTranslation();
  const [sheet, setSheet] = useState<EndpointSheet | null>(null);
  const [taken, setTaken] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const issue = async () => {
    if (!window.confirm(t('org.endpointSheet.confirm', { count, scope: districtName }))) return;
    setBusy(true);
    try {
      setSheet(await api(API.org.issueEndpointKeys, { body: districtId ? { districtId } : { all: true }, token }));
      setTaken({});
      setError(null);
      onIssued();
    } catch (err) {
      setError(errorText(t, err, 'endpoints'));
    } finally {
      setBusy(false);
    }
  };
  const download = async (format: 'xlsx' | 'pdf') => {
    if (!sheet) return;
    try {
      await apiDownload(
        API.org.endpointSheet,
        { params: { id: sheet.sheetId, format }, token },
        `phieu-ghep-noi-diem-cau.${format}`,
      );
      setTaken((d) => ({ ...d, [format]: true }));
    } catch (err) {
      setError(errorText(t, err, 'endpoints'));
    }
  };

  return (
    <div className="org-sheet" data-testid="endpoint-sheet">
      <button
        type="button"
        className="button primary"
        data-testid="endpoint-sheet-issue"
        disabled={busy || count === 0}
        onClick={() => void issue()}
      >
        {t('org.endpointSheet.issue', { count })}
      </button>
      {sheet && (
        <div role="status" data-testid="endpoint-sheet-ready">
          <p>{t('org.endpointSheet.ready', { count: sheet.count })}</p>
          <button
            type="button"
            className="button"
            data-testid="endpoint-sheet-download-xlsx"
            disabled={taken.xlsx}
            onClick={() => void download('xlsx')}
          >
            {t('org.endpointSheet.xlsx')}
          </button>{' '}
          <button
            type="button"
            className="button"
            data-testid="endpoint-sheet-download-pdf"
            disabled={taken.pdf}
            onClick={() => void download('pdf')}
          >
            {t('org.endpointSheet.pdf')}
          </button>
          <p className="notice">{t('org.endpointSheet.once')}</p>
        </div>
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
