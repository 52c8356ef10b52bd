import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Endpoint, OrgUnit, RotatedKey } from '@diem-cau/shared';
import { apiJson } from '../../lib/api';

/** Endpoints by district, with key rotation (the new key is shown once, here). */
export function EndpointsList({ token }: { token: string }) {
  const { t } = useTranslation();
  const [districts, setDistricts] = useState<OrgUnit[]>([]);
  const [districtId, setDistrictId] = useState('');
  const [endpoints, setEndpoints] = useState<Endpoint[]>([]);
  const [issued, setIssued] = useState<(RotatedKey & { name: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    apiJson<OrgUnit[]>('GET', '/org/units?kind=district', token)
      .then(setDistricts)
      .catch(() => undefined);
  }, [token]);
  useEffect(() => {
    apiJson<Endpoint[]>('GET', `/org/endpoints${districtId ? `?districtId=${districtId}` : ''}`, token)
      .then(setEndpoints)
      .catch(() => setEndpoints([]));
  }, [token, districtId, issued]);

  const rotate = async (e: Endpoint): Promise<void> => {
    if (!window.confirm(t('org.endpoints.confirmRotate', { name: e.name }))) return;
    try {
      setIssued({ ...(await apiJson<RotatedKey>('POST', `/org/endpoints/${e.id}/key`, token)), name: e.name });
      setError(null);
    } catch {
      setError(t('org.errors.generic'));
    }
  };

  return (
    <section className="org-section">
      <label>
        {t('org.endpoints.district')}{' '}
        <select value={districtId} onChange={(e) => setDistrictId(e.target.value)}>
          <option value="">{t('org.endpoints.allDistricts')}</option>
          {districts.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      {issued && (
        <div className="org-key" role="status" data-testid="issued-key">
          <p>{t('org.endpoints.newKey', { name: issued.name })}</p>
          <code>{issued.endpointKey}</code>
          <p className="notice">{t('org.endpoints.keyOnce')}</p>
          <button type="button" className="button" onClick={() => setIssued(null)}>
            {t('org.endpoints.keyNoted')}
          </button>
        </div>
      )}
      {error && <p role="alert">{error}</p>}
      <table className="org-table">
        <thead>
          <tr>
            <th>{t('org.endpoints.name')}</th>
            <th>{t('org.endpoints.unit')}</th>
            <th>{t('org.endpoints.district')}</th>
            <th>{t('org.endpoints.key')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {endpoints.map((e) => (
            <tr key={e.id}>
              <td>{e.name}</td>
              <td>{e.unitName}</td>
              <td>{e.districtName}</td>
              <td>{e.hasKey ? t('org.endpoints.keyVersion', { version: e.keyVersion }) : t('org.endpoints.noKey')}</td>
              <td>
                <button type="button" className="button button--quiet" onClick={() => void rotate(e)}>
                  {e.hasKey ? t('org.endpoints.rotate') : t('org.endpoints.issue')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
