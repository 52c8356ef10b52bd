import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, type AuditEntry, type AuditFilter } from '@diem-cau/shared';
import { DateInput } from '../../lib/DateInput';
import { formatDateTime } from '../../i18n/format';
import { auditApi } from './api';
import { changeLines } from './summary';

const PAGE = 50;

/** The action prefixes the filter offers: every group ("member", "session", …) then every action. */
const ACTION_GROUPS = [...new Set(AUDIT_ACTIONS.map((a) => a.split('.')[0]!))];

interface Form {
  actor: string;
  action: string;
  from: string;
  to: string;
}

/** The filter the server takes: a day range in Vietnam time becomes its first and last instant. */
function toFilter(form: Form): AuditFilter {
  return {
    ...(form.actor.trim() && { actor: form.actor.trim() }),
    ...(form.action && { action: form.action }),
    ...(form.from && { from: new Date(`${form.from}T00:00:00+07:00`).toISOString() }),
    ...(form.to && { to: new Date(`${form.to}T23:59:59.999+07:00`).toISOString() }),
  };
}

/** The audit log (admins): who changed what and when, filtered, paged, and downloaded as CSV or XLSX. */
export function AuditLogPanel({ token }: { token: string }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<Form>({ actor: '', action: '', from: '', to: '' });
  const [filter, setFilter] = useState<AuditFilter>({});
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ total: number; items: AuditEntry[] } | null>(null);
  const [failed, setFailed] = useState(false);

  const load = useCallback(() => {
    auditApi.list(token, filter, { limit: PAGE, offset }).then(
      (p) => {
        setPage(p);
        setFailed(false);
      },
      () => setFailed(true),
    );
  }, [token, filter, offset]);
  useEffect(load, [load]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setFilter(toFilter(form));
  };
  const actionName = (action: string) => t(`audit.actions.${action}`, { defaultValue: action });
  const fieldName = (field: string) => t(`audit.fields.${field}`, { defaultValue: field });
  const groupName = (group: string) => t(`audit.groups.${group}`, { defaultValue: group });
  const roleName = (role: string) => t(`audit.roles.${role}`, { defaultValue: role });

  return (
    <section className="audit-log" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <p>{t('audit.intro')}</p>
      <form className="audit-filters" onSubmit={submit} aria-label={t('audit.filters')}>
        <label>
          {t('audit.who')}
          <input
            type="search"
            value={form.actor}
            placeholder={t('audit.whoPlaceholder')}
            maxLength={100}
            onChange={(e) => setForm({ ...form, actor: e.target.value })}
          />
        </label>
        <label>
          {t('audit.what')}
          <select value={form.action} onChange={(e) => setForm({ ...form, action: e.target.value })}>
            <option value="">{t('audit.anyAction')}</option>
            {ACTION_GROUPS.map((group) => (
              <optgroup key={group} label={groupName(group)}>
                <option value={group}>{t('audit.allOfGroup', { group: groupName(group) })}</option>
                {AUDIT_ACTIONS.filter((a) => a.startsWith(`${group}.`)).map((a) => (
                  <option key={a} value={a}>
                    {actionName(a)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          {t('audit.from')}
          <DateInput value={form.from} onChange={(from) => setForm({ ...form, from })} />
        </label>
        <label>
          {t('audit.to')}
          <DateInput value={form.to} onChange={(to) => setForm({ ...form, to })} />
        </label>
        <button type="submit" className="button">
          {t('audit.apply')}
        </button>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => {
            setForm({ actor: '', action: '', from: '', to: '' });
            setOffset(0);
            setFilter({});
          }}
        >
          {t('audit.clear')}
        </button>
      </form>
      <div className="audit-downloads">
        {(['csv', 'xlsx'] as const).map((format) => (
          <button
            key={format}
            type="button"
            className="button button--secondary"
            onClick={() => void auditApi.download(token, filter, format).catch(() => setFailed(true))}
          >
            {t('audit.download', { format: format.toUpperCase() })}
          </button>
        ))}
      </div>
      {failed && <p role="alert">{t('audit.failed')}</p>}
      {page && page.items.length === 0 && <p>{t('audit.none')}</p>}
      {page && page.items.length > 0 && (
        <>
          <table className="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('audit.columns.time')}</th>
                <th scope="col">{t('audit.columns.who')}</th>
                <th scope="col">{t('audit.columns.action')}</th>
                <th scope="col">{t('audit.columns.target')}</th>
                <th scope="col">{t('audit.columns.change')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((entry) => (
                <tr key={entry.id} data-action={entry.action}>
                  <td>
                    {formatDateTime(entry.at, {
                      second: '2-digit',
                      hour: '2-digit',
                      minute: '2-digit',
                      day: '2-digit',
                      month: '2-digit',
                      year: 'numeric',
                    })}
                  </td>
                  <td>
                    {entry.actor ? (
                      <>
                        {entry.actor.displayName ?? entry.actor.subject} <small>({roleName(entry.actor.role)})</small>
                      </>
                    ) : (
                      t('audit.system')
                    )}
                    {entry.address && (
                      <>
                        <br />
                        <small>{entry.address}</small>
                      </>
                    )}
                  </td>
                  <td>{actionName(entry.action)}</td>
                  <td>
                    {t(`audit.targets.${entry.targetType}`, { defaultValue: entry.targetType })}
                    {entry.targetId && (
                      <>
                        <br />
                        <small>
                          <code>{entry.targetId}</code>
                        </small>
                      </>
                    )}
                  </td>
                  <td>
                    <ul className="audit-changes">
                      {changeLines(entry.before, entry.after).map((line) => (
                        <li key={line.field}>
                          {fieldName(line.field)}: {line.before !== undefined && <del>{line.before}</del>}
                          {line.before !== undefined && line.after !== undefined && ' → '}
                          {line.after !== undefined && <ins>{line.after}</ins>}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="audit-paging">
            {t('audit.shown', { from: offset + 1, to: offset + page.items.length, total: page.total })}{' '}
            <button
              type="button"
              className="button button--quiet"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              {t('audit.previous')}
            </button>
            <button
              type="button"
              className="button button--quiet"
              disabled={offset + PAGE >= page.total}
              onClick={() => setOffset(offset + PAGE)}
            >
              {t('audit.next')}
            </button>
          </p>
        </>
      )}
    </section>
  );
}
