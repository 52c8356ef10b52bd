import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type ArchivedFilter, type Endpoint, type OrgUnit, type RotatedKey } from '@diem-cau/shared';
import { api } from '../../lib/api';
import { ArchivedSelect, isArchivable } from './common/archived';
import { errorText } from './common/errorText';
import { EndpointForm } from './endpoints/EndpointForm';
import { EndpointSheetPanel } from './endpoints/EndpointSheetPanel';

/**
 * Endpoints by district: rename/move, delete, key rotation (the new key is shown once, here), and
 * archiving those with records (never deleted) and restoring them.
 */
export function EndpointsList({ token }: { token: string }) {
  const { t } = useTranslation();
  const [districts, setDistricts] = useState<OrgUnit[]>([]);
  const [districtId, setDistrictId] = useState('');
  const [search, setSearch] = useState('');
  const [archived, setArchived] = useState<ArchivedFilter>('exclude');
  const [status, setStatus] = useState<string | null>(null);
  const [endpoints, setEndpoints] = useState<Endpoint[]>([]);
  const [issued, setIssued] = useState<(RotatedKey & { name: string }) | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    api(API.org.listUnits, { query: { kind: 'district' }, token })
      .then(setDistricts)
      .catch(() => undefined);
  }, [token]);
  useEffect(() => {
    api(API.org.listEndpoints, { query: { districtId: districtId || undefined, archived }, token })
      .then(setEndpoints)
      .catch(() => setEndpoints([]));
  }, [token, districtId, archived, version]);

  const shown = useMemo(() => {
    const q = search.trim().toLocaleLowerCase('vi');
    return q ? endpoints.filter((e) => `${e.name} ${e.unitName}`.toLocaleLowerCase('vi').includes(q)) : endpoints;
  }, [endpoints, search]);

  const rotate = async (e: Endpoint): Promise<void> => {
    if (!window.confirm(t('org.endpoints.confirmRotate', { name: e.name }))) return;
    try {
      setIssued({ ...(await api(API.org.rotateEndpointKey, { params: { id: e.id }, token })), name: e.name });
      setError(null);
      setVersion((v) => v + 1);
    } catch (err) {
      setError(errorText(t, err, 'endpoints'));
    }
  };
  const archive = async (e: Endpoint, confirmed = false): Promise<void> => {
    if (!confirmed && !window.confirm(t('org.endpoints.confirmArchive', { name: e.name }))) return;
    try {
      await api(API.org.archiveEndpoint, { params: { id: e.id }, token });
      setError(null);
      setStatus(t('org.endpoints.archived', { name: e.name }));
      setVersion((v) => v + 1);
    } catch (err) {
      setError(`${e.name}: ${errorText(t, err, 'archive')}`);
    }
  };
  const restore = async (e: Endpoint): Promise<void> => {
    try {
      await api(API.org.restoreEndpoint, { params: { id: e.id }, token });
      setError(null);
      setStatus(t('org.endpoints.restored', { name: e.name }));
      setVersion((v) => v + 1);
    } catch (err) {
      setError(`${e.name}: ${errorText(t, err, 'archive')}`);
    }
  };
  const remove = async (e: Endpoint): Promise<void> => {
    if (!window.confirm(t('org.endpoints.confirmDelete', { name: e.name }))) return;
    try {
      await api(API.org.deleteEndpoint, { params: { id: e.id }, token });
      setError(null);
      setStatus(null);
      setVersion((v) => v + 1);
    } catch (err) {
      // Its records are kept: offer archiving, which the server says this endpoint allows.
      if (isArchivable(err) && window.confirm(t('org.endpoints.offerArchive', { name: e.name })))
        return archive(e, true);
      setError(`${e.name}: ${errorText(t, err, 'endpoints.remove')}`);
    }
  };

  return (
    <section className="org-section">
      <div className="org-filters">
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
        <input
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t('org.endpoints.search')}
          aria-label={t('org.endpoints.search')}
        />
        <ArchivedSelect value={archived} onChange={setArchived} testId="endpoints-archived-filter" />
        <span>{t('org.endpoints.count', { count: shown.length })}</span>
      </div>
      <EndpointSheetPanel
        token={token}
        districtId={districtId}
        districtName={districts.find((d) => d.id === districtId)?.name ?? t('org.endpoints.allDistricts')}
        count={endpoints.filter((e) => !e.archivedAt).length}
        onIssued={() => setVersion((v) => v + 1)}
      />
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
      {error && (
        <p role="alert" className="org-error" data-testid="endpoints-error">
          {error}
        </p>
      )}
      {status && !error && (
        <p role="status" data-testid="endpoints-status">
          {status}
        </p>
      )}
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
          {shown.map((e) =>
            editing === e.id ? (
              <tr key={e.id}>
                <td colSpan={5}>
                  <EndpointForm
                    token={token}
                    endpoint={e}
                    onCancel={() => setEditing(null)}
                    onDone={() => {
                      setEditing(null);
                      setVersion((v) => v + 1);
                    }}
                  />
                </td>
              </tr>
            ) : (
              <tr key={e.id} data-testid={`endpoint-row-${e.id}`} data-archived={e.archivedAt ? 'true' : undefined}>
                <td>
                  {e.name} {e.archivedAt && <small className="org-archived">({t('org.archive.badge')})</small>}
                </td>
                <td>{e.unitName}</td>
                <td>{e.districtName}</td>
                <td>
                  {e.hasKey ? t('org.endpoints.keyVersion', { version: e.keyVersion }) : t('org.endpoints.noKey')}
                </td>
                <td className="org-actions">
                  {!e.archivedAt && (
                    <button type="button" className="button button--quiet" onClick={() => void rotate(e)}>
                      {e.hasKey ? t('org.endpoints.rotate') : t('org.endpoints.issue')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="link"
                    onClick={() => setEditing(e.id)}
                    aria-label={t('org.endpoints.editTitle', { name: e.name })}
                  >
                    {t('org.common.edit')}
                  </button>
                  {e.archivedAt ? (
                    <button
                      type="button"
                      className="link"
                      onClick={() => void restore(e)}
                      aria-label={t('org.endpoints.restoreTitle', { name: e.name })}
                      data-testid={`endpoint-restore-${e.id}`}
                    >
                      {t('org.archive.restore')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="link"
                      onClick={() => void archive(e)}
                      aria-label={t('org.endpoints.archiveTitle', { name: e.name })}
                      data-testid={`endpoint-archive-${e.id}`}
                    >
                      {t('org.archive.archive')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="link link--danger"
                    onClick={() => void remove(e)}
                    aria-label={t('org.endpoints.deleteTitle', { name: e.name })}
                  >
                    {t('org.common.delete')}
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </section>
  );
}
