import { useTranslation } from 'react-i18next';
import type { Audience, AudienceRow } from '@diem-cau/shared';
import { formatTime } from './formatting';

function formatBitrate(bps: number | null): string {
  if (bps === null) return '—';
  return bps >= 1_000_000 ? `${(bps / 1_000_000).toFixed(1)} Mbit/s` : `${Math.round(bps / 1000)} kbit/s`;
}

/** Invited endpoints grouped by district, with what each receives; totals on top. */
export function AudienceTable({ audience }: { audience: Audience | null }) {
  const { t } = useTranslation();
  if (!audience) return null;
  const districts = new Map<string, AudienceRow[]>();
  for (const row of audience.rows) {
    const list = districts.get(row.district) ?? [];
    list.push(row);
    districts.set(row.district, list);
  }
  return (
    <section className="host-panel audience-panel" aria-labelledby="audience-title">
      <h2 id="audience-title">
        {t('broadcast.host.audience')} —{' '}
        <span data-testid="audience-totals">
          {t('broadcast.host.totals', { connected: audience.connected, invited: audience.invited })}
        </span>
      </h2>
      <div className="audience-panel__scroll">
        <table className="audience-table">
          <thead>
            <tr>
              <th>{t('broadcast.host.col.endpoint')}</th>
              <th>{t('broadcast.host.col.status')}</th>
              <th>{t('broadcast.host.col.since')}</th>
              <th>{t('broadcast.host.col.layer')}</th>
              <th>{t('broadcast.host.col.bitrate')}</th>
              <th>{t('broadcast.host.col.loss')}</th>
              <th>{t('broadcast.host.col.rtt')}</th>
              <th>{t('broadcast.host.col.protocol')}</th>
              <th>{t('broadcast.host.col.audioOnly')}</th>
            </tr>
          </thead>
          {[...districts].map(([district, rows]) => (
            <tbody key={district}>
              <tr className="audience-table__district">
                <th colSpan={9}>{district || '—'}</th>
              </tr>
              {rows.map((row) => (
                <tr key={row.endpointId} data-endpoint={row.endpointId} data-connected={row.connected}>
                  <td>{row.name}</td>
                  <td className={row.connected ? 'ok' : 'bad'}>
                    {row.connected ? t('broadcast.host.connected') : t('broadcast.host.disconnected')}
                  </td>
                  <td>{row.connectedSince ? formatTime(row.connectedSince) : '—'}</td>
                  <td>{row.spatialLayer ?? '—'}</td>
                  <td>{formatBitrate(row.bitrate)}</td>
                  <td>{row.packetLoss === null ? '—' : `${(row.packetLoss * 100).toFixed(1)} %`}</td>
                  <td>{row.rttMs === null ? '—' : `${Math.round(row.rttMs)} ms`}</td>
                  <td>{row.iceProtocol?.toUpperCase() ?? '—'}</td>
                  <td>{row.audioOnly ? t('broadcast.host.yes') : t('broadcast.host.no')}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
    </section>
  );
}
