import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_KINDS, type DocumentKind, type OrgUnit, type Session, type SessionDocument } from '@diem-cau/shared';
import { ApiError, apiDownload, apiJson, apiUpload } from '../../lib/api';

function SessionDocuments({ token, session }: { token: string; session: Session }) {
  const { t } = useTranslation();
  const [docs, setDocs] = useState<SessionDocument[]>([]);
  const [kind, setKind] = useState<DocumentKind>('resolution');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    apiJson<SessionDocument[]>('GET', `/sessions/${session.id}/documents`, token)
      .then(setDocs)
      .catch(() => setDocs([]));
  }, [token, session.id]);
  useEffect(load, [load]);
  const upload = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!file) return;
    try {
      await apiUpload(`/sessions/${session.id}/documents?kind=${kind}`, token, file);
      setError(null);
      load();
    } catch (e) {
      setError(t(`org.documents.codes.${e instanceof ApiError ? e.code : 'INTERNAL'}`, { defaultValue: t('org.errors.generic') }));
    }
  };
  return (
    <div className="org-docs">
      <ul>
        {docs.map((d) => (
          <li key={d.id}>
            <button type="button" className="link" onClick={() => void apiDownload(`/sessions/${session.id}/documents/${d.id}`, token, d.filename)}>
              {t(`org.documents.kinds.${d.kind}`)}: {d.title}
            </button>{' '}
            <small>({Math.ceil(d.sizeBytes / 1024).toLocaleString('vi-VN')} KB)</small>
          </li>
        ))}
      </ul>
      {session.status !== 'ended' && (
        <form onSubmit={(e) => void upload(e)}>
          <select value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)} aria-label={t('org.documents.kind')}>
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`org.documents.kinds.${k}`)}
              </option>
            ))}
          </select>
          <input type="file" accept=".pdf,.pptx,application/pdf" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          <button type="submit" className="button button--quiet" disabled={!file}>
            {t('org.documents.upload')}
          </button>
        </form>
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

/** Sessions: create, invite (all or a district), start, end, and their documents. */
export function SessionsAdmin({ token }: { token: string }) {
  const { t } = useTranslation();
  const [sessions, setSessions] = useState<Session[]>([]);
  const [districts, setDistricts] = useState<OrgUnit[]>([]);
  const [title, setTitle] = useState('');
  const [resolution, setResolution] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    apiJson<Session[]>('GET', '/sessions', token)
      .then(setSessions)
      .catch(() => setSessions([]));
  }, [token]);
  useEffect(load, [load]);
  useEffect(() => {
    apiJson<OrgUnit[]>('GET', '/org/units?kind=district', token)
      .then(setDistricts)
      .catch(() => undefined);
  }, [token]);

  const act = async (fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
      setError(null);
      load();
    } catch (e) {
      setError(t(`org.sessions.codes.${e instanceof ApiError ? e.code : 'INTERNAL'}`, { defaultValue: t('org.errors.generic') }));
    }
  };
  const create = (event: FormEvent): void => {
    event.preventDefault();
    void act(async () => {
      await apiJson('POST', '/sessions', token, { title, resolution });
      setTitle('');
      setResolution('');
    });
  };

  return (
    <section className="org-section">
      <form className="org-create" onSubmit={create}>
        <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('org.sessions.title')} aria-label={t('org.sessions.title')} required />
        <input value={resolution} onChange={(e) => setResolution(e.target.value)} placeholder={t('org.sessions.resolution')} aria-label={t('org.sessions.resolution')} required />
        <button type="submit" className="button">
          {t('org.sessions.create')}
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      <table className="org-table">
        <thead>
          <tr>
            <th>{t('org.sessions.title')}</th>
            <th>{t('org.sessions.status')}</th>
            <th>{t('org.sessions.invited')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>
                <button type="button" className="link" onClick={() => setOpen(open === s.id ? null : s.id)}>
                  {s.title}
                </button>
                {open === s.id && <SessionDocuments token={token} session={s} />}
              </td>
              <td>{t(`org.sessions.statuses.${s.status}`)}</td>
              <td>{s.invitedEndpointCount.toLocaleString('vi-VN')}</td>
              <td className="org-actions">
                {s.status !== 'ended' && (
                  <>
                    <button type="button" className="button button--quiet" onClick={() => void act(() => apiJson('POST', `/sessions/${s.id}/invites`, token, { all: true }))}>
                      {t('org.sessions.inviteAll')}
                    </button>
                    <select
                      aria-label={t('org.sessions.inviteDistrict')}
                      value=""
                      onChange={(e) => e.target.value && void act(() => apiJson('POST', `/sessions/${s.id}/invites`, token, { districtId: e.target.value }))}
                    >
                      <option value="">{t('org.sessions.inviteDistrict')}</option>
                      {districts.map((d) => (
                        <option key={d.id} value={d.id}>
                          {d.name}
                        </option>
                      ))}
                    </select>
                  </>
                )}
                {(s.status === 'draft' || s.status === 'scheduled') && (
                  <button type="button" className="button" onClick={() => void act(() => apiJson('POST', `/sessions/${s.id}/start`, token))}>
                    {t('org.sessions.start')}
                  </button>
                )}
                {s.status === 'live' && (
                  <button type="button" className="button" onClick={() => void act(() => apiJson('POST', `/sessions/${s.id}/end`, token))}>
                    {t('org.sessions.end')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
