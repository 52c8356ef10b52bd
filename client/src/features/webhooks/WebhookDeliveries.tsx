import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebhookDelivery } from '@diem-cau/shared';
import { webhooksApi } from './api';

/** The delivery log of one webhook, failures first to the eye, with redelivery of a failed one. */
export function WebhookDeliveries({ token, webhookId }: { token: string; webhookId: string }) {
  const { t, i18n } = useTranslation();
  const [failedOnly, setFailedOnly] = useState(false);
  const [rows, setRows] = useState<WebhookDelivery[] | null>(null);

  const load = useCallback(() => {
    webhooksApi.deliveries(token, webhookId, failedOnly).then(setRows, () => setRows([]));
  }, [token, webhookId, failedOnly]);
  useEffect(load, [load]);

  const time = (iso: string) =>
    new Date(iso).toLocaleString(i18n.language === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });

  return (
    <div className="webhook-deliveries">
      <label>
        <input type="checkbox" checked={failedOnly} onChange={(e) => setFailedOnly(e.target.checked)} />{' '}
        {t('webhooks.deliveries.failedOnly')}
      </label>
      <button type="button" className="button button--secondary" onClick={load}>
        {t('webhooks.deliveries.refresh')}
      </button>
      {rows && rows.length === 0 && <p>{t('webhooks.deliveries.none')}</p>}
      {rows && rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t('webhooks.deliveries.time')}</th>
              <th>{t('webhooks.deliveries.event')}</th>
              <th>{t('webhooks.deliveries.status')}</th>
              <th>{t('webhooks.deliveries.attempts')}</th>
              <th>{t('webhooks.deliveries.lastError')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id}>
                <td>{time(d.createdAt)}</td>
                <td>{t(`webhooks.events.${d.eventType}`)}</td>
                <td className={d.status === 'failed' ? 'webhook-status--failed' : undefined}>
                  {t(`webhooks.status.${d.status}`)}
                </td>
                <td>{d.attempts}</td>
                <td>{d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '')}</td>
                <td>
                  {d.status === 'failed' && (
                    <button
                      type="button"
                      className="button button--secondary"
                      onClick={() => void webhooksApi.redeliver(token, d.id).then(load)}
                    >
                      {t('webhooks.deliveries.redeliver')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
