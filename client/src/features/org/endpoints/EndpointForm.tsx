import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type Endpoint, type OrgUnit } from '@diem-cau/shared';
import { api } from '../../../lib/api';
import { errorText } from '../common/errorText';

/** Renames an endpoint or moves it to another commune of its district. */
export function EndpointForm({
  token,
  endpoint,
  onDone,
  onCancel,
}: {
  token: string;
  endpoint: Endpoint;
  onDone: (e: Endpoint) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(endpoint.name);
  const [unitId, setUnitId] = useState(endpoint.unitId);
  const [communes, setCommunes] = useState<OrgUnit[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!endpoint.districtId) return;
    api(API.org.listUnits, { query: { parentId: endpoint.districtId }, token })
      .then(setCommunes)
      .catch(() => setCommunes([]));
  }, [token, endpoint.districtId]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    try {
      const body = { name: name.trim(), ...(unitId !== endpoint.unitId && { unitId }) };
      onDone(await api(API.org.updateEndpoint, { params: { id: endpoint.id }, body, token }));
    } catch (e) {
      setError(errorText(t, e, 'endpoints'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="org-inline-form"
      onSubmit={(e) => void submit(e)}
      aria-label={t('org.endpoints.editTitle', { name: endpoint.name })}
    >
      <label>
        {t('org.endpoints.name')}{' '}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label>
        {t('org.endpoints.unit')}{' '}
        <select value={unitId} onChange={(e) => setUnitId(e.target.value)}>
          {communes.length === 0 && <option value={endpoint.unitId}>{endpoint.unitName}</option>}
          {communes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button" disabled={busy}>
        {t('org.common.save')}
      </button>
      <button type="button" className="button button--quiet" onClick={onCancel}>
        {t('org.common.cancel')}
      </button>
      {error && (
        <p role="alert" className="org-error">
          {error}
        </p>
      )}
    </form>
  );
}
