import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { API, DOCUMENT_KINDS, type DocumentKind, type Session, type SessionDocument } from '@diem-cau/shared';
import { api, apiDownload } from '../../../lib/api';
import { errorText } from '../common/errorText';

/** A session's documents (the resolution's PDF, slides): list, open, upload and delete. */
export function SessionDocuments({ token, session }: { token: string; session: Session }) {
  const { t, i18n } = useTranslation();
  const [docs, setDocs] = useState<SessionDocument[]>([]);
  const [kind, setKind] = useState<DocumentKind>('resolution');
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'status'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const editable = session.status !== 'ended';
  const locale = i18n.language === 'en' ? 'en-GB' : 'vi-VN';

  const load = useCallback(() => {
    api(API.documents.list, { params: { id: session.id }, token })
      .then(setDocs)
      .catch((e: unknown) => setMessage({ kind: 'error', text: errorText(t, e, 'documents') }));
  }, [token, session.id, t]);
  useEffect(load, [load]);

  const upload = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    try {
      const doc = await api(API.documents.upload, {
        params: { id: session.id },
        query: { kind, title: title.trim() || undefined },
        file,
        token,
      });
      setMessage({ kind: 'status', text: t('org.documents.uploaded', { title: doc.title }) });
      setTitle('');
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      load();
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(t, e, 'documents') });
    } finally {
      setBusy(false);
    }
  };
  const remove = async (d: SessionDocument): Promise<void> => {
    if (!window.confirm(t('org.documents.confirmDelete', { title: d.title }))) return;
    try {
      await api(API.documents.remove, { params: { id: session.id, documentId: d.id }, token });
      setMessage({ kind: 'status', text: t('org.documents.deleted', { title: d.title }) });
      load();
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(t, e, 'documents') });
    }
  };

  return (
    <fieldset className="org-docs">
      <legend>{t('org.documents.title')}</legend>
      {docs.length === 0 ? (
        <p className="org-hint">{t('org.documents.none')}</p>
      ) : (
        <table className="org-table" data-testid="documents-list">
          <tbody>
            {docs.map((d) => (
              <tr key={d.id}>
                <td>{t(`org.documents.kinds.${d.kind}`)}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() =>
                      void apiDownload(
                        API.documents.download,
                        { params: { id: session.id, documentId: d.id }, token },
                        d.filename,
                        true,
                      )
                    }
                  >
                    {d.title}
                  </button>
                </td>
                <td>{d.filename}</td>
                <td>{t('org.documents.size', { kb: Math.ceil(d.sizeBytes / 1024).toLocaleString(locale) })}</td>
                <td>
                  {editable && (
                    <button
                      type="button"
                      className="link link--danger"
                      onClick={() => void remove(d)}
                      aria-label={t('org.documents.deleteTitle', { title: d.title })}
                    >
                      {t('org.common.delete')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editable && (
        <form className="org-actions" onSubmit={(e) => void upload(e)}>
          <select
            value={kind}
            onChange={(e) => setKind(e.target.value as DocumentKind)}
            aria-label={t('org.documents.kind')}
          >
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`org.documents.kinds.${k}`)}
              </option>
            ))}
          </select>
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder={t('org.documents.titleOptional')}
            aria-label={t('org.documents.titleOptional')}
            maxLength={200}
          />
          <input
            ref={fileInput}
            type="file"
            accept={
              kind === 'resolution'
                ? '.pdf,application/pdf'
                : '.pdf,.pptx,application/pdf,application/vnd.openxmlformats-officedocument.presentationml.presentation'
            }
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            aria-label={t('org.documents.file')}
            data-testid="document-file"
          />
          <button type="submit" className="button button--quiet" disabled={!file || busy}>
            {t('org.documents.upload')}
          </button>
        </form>
      )}
      {message && (
        <p
          role={message.kind === 'error' ? 'alert' : 'status'}
          className={message.kind === 'error' ? 'org-error' : undefined}
        >
          {message.text}
        </p>
      )}
    </fieldset>
  );
}
