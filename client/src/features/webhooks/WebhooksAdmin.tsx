import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { WEBHOOK_EVENTS, type Webhook, type WebhookEventType } from '@diem-cau/shared';
import { webhooksApi } from './api';
import { WebhookDeliveries } from './WebhookDeliveries';

const SUBSCRIBABLE = WEBHOOK_EVENTS.filter((e) => e !== 'webhook.ping');

/** Admin screen: register webhook URLs, see the secret once, test, disable, and read the delivery log with its failures. */
export function WebhooksAdmin({ token }: { token: string }) {
  const { t } = useTranslation();
  const [hooks, setHooks] = useState<Webhook[]>([]);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>([...SUBSCRIBABLE]);
  const [secret, setSecret] = useState<{ id: string; secret: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    webhooksApi.list(token).then(setHooks, () => setError(t('webhooks.loadFailed')));
  }, [token, t]);
  useEffect(load, [load]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const created = await webhooksApi.create(token, { url, description, events });
      setSecret({ id: created.id, secret: created.secret });
      setUrl('');
      setDescription('');
      load();
    } catch {
      setError(t('webhooks.createFailed'));
    }
  };

  const act = (p: Promise<unknown>) => void p.then(load, () => setError(t('webhooks.actionFailed')));

  return (
    <section className="webhooks" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">{t('webhooks.title')}</h2>
      <p>{t('webhooks.explain')}</p>
      <form className="webhook-form" onSubmit={(e) => void create(e)}>
        <label>
          {t('webhooks.url')}
          <input
            type="url"
            name="url"
            required
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://"
          />
        </label>
        <label>
          {t('webhooks.description')}
          <input
            name="description"
            value={description}
            maxLength={200}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        <fieldset>
          <legend>{t('webhooks.eventsLabel')}</legend>
          {SUBSCRIBABLE.map((e) => (
            <label key={e}>
              <input
                type="checkbox"
                checked={events.includes(e)}
                onChange={(x) => setEvents((list) => (x.target.checked ? [...list, e] : list.filter((y) => y !== e)))}
              />{' '}
              {t(`webhooks.events.${e}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button" disabled={events.length === 0}>
          {t('webhooks.create')}
        </button>
      </form>
      {secret && (
        <p className="notice" role="status">
          {t('webhooks.secretOnce')} <span className="webhook-secret">{secret.secret}</span>
        </p>
      )}
      {error && (
        <p role="alert" className="notice">
          {error}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>{t('webhooks.url')}</th>
            <th>{t('webhooks.eventsLabel')}</th>
            <th>{t('webhooks.failed')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {hooks.map((h) => (
            <tr key={h.id}>
              <td>
                {h.url}
                {h.description && <div>{h.description}</div>}
                {!h.active && <div>{t('webhooks.inactive')}</div>}
              </td>
              <td>{h.events.map((e) => t(`webhooks.events.${e}`)).join(', ')}</td>
              <td className={h.failedDeliveries > 0 ? 'webhook-status--failed' : undefined}>{h.failedDeliveries}</td>
              <td>
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => setOpen(open === h.id ? null : h.id)}
                >
                  {t('webhooks.log')}
                </button>
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => act(webhooksApi.ping(token, h.id))}
                >
                  {t('webhooks.ping')}
                </button>
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => act(webhooksApi.update(token, h.id, { active: !h.active }))}
                >
                  {h.active ? t('webhooks.disable') : t('webhooks.enable')}
                </button>
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() =>
                    act(webhooksApi.rotate(token, h.id).then((r) => setSecret({ id: r.id, secret: r.secret })))
                  }
                >
                  {t('webhooks.rotate')}
                </button>
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => window.confirm(t('webhooks.confirmDelete')) && act(webhooksApi.remove(token, h.id))}
                >
                  {t('webhooks.delete')}
                </button>
                {open === h.id && <WebhookDeliveries token={token} webhookId={h.id} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
