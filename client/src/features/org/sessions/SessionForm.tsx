import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type Session } from '@diem-cau/shared';
import { api } from '../../../lib/api';
import { errorText } from '../common/errorText';
import { isoToViParts, viDateTimeToIso } from '../common/dateTime';
import { DateTimeField } from './DateTimeField';

/**
 * Creates a session (a draft; with both times it is scheduled at once) or edits a draft/scheduled one:
 * title, resolution studied, start and end, and the share of the session that counts as attended.
 */
export function SessionForm({
  token,
  session,
  onSaved,
  onCancel,
}: {
  token: string;
  session?: Session;
  onSaved: (s: Session) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(session?.title ?? '');
  const [resolution, setResolution] = useState(session?.resolution ?? '');
  const [start, setStart] = useState(() => isoToViParts(session?.scheduledStart ?? null));
  const [end, setEnd] = useState(() => isoToViParts(session?.scheduledEnd ?? null));
  const [percent, setPercent] = useState(String(Math.round((session?.attendanceThreshold ?? 0.8) * 100)));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const startIso = viDateTimeToIso(start.date, start.time);
  const endIso = viDateTimeToIso(end.date, end.time);
  const typed = (v: { date: string; time: string }): boolean => v.date.trim() !== '' || v.time.trim() !== '';

  const check = (): string | null => {
    if ((typed(start) && !startIso) || (typed(end) && !endIso)) return t('org.dateTime.invalid');
    if (Boolean(startIso) !== Boolean(endIso)) return t('org.sessions.form.bothTimes');
    if (startIso && endIso && Date.parse(endIso) <= Date.parse(startIso)) return t('org.sessions.form.endAfterStart');
    if (session?.status === 'scheduled' && !startIso) return t('org.sessions.form.keepTimes');
    const p = Number(percent);
    if (!Number.isFinite(p) || p <= 0 || p > 100) return t('org.sessions.form.threshold');
    return null;
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const problem = check();
    setError(problem);
    if (problem) return;
    setBusy(true);
    const body = { title: title.trim(), resolution: resolution.trim(), attendanceThreshold: Number(percent) / 100 };
    try {
      let saved = session
        ? await api(API.sessions.update, {
            params: { id: session.id },
            body: { ...body, scheduledStart: startIso, scheduledEnd: endIso },
            token,
          })
        : await api(API.sessions.create, {
            body: { ...body, ...(startIso && endIso && { scheduledStart: startIso, scheduledEnd: endIso }) },
            token,
          });
      if (saved.status === 'draft' && startIso && endIso) {
        saved = await api(API.sessions.schedule, {
          params: { id: saved.id },
          body: { scheduledStart: startIso, scheduledEnd: endIso },
          token,
        });
      }
      if (!session) {
        setTitle('');
        setResolution('');
        setStart({ date: '', time: '' });
        setEnd({ date: '', time: '' });
      }
      onSaved(saved);
    } catch (e) {
      setError(errorText(t, e, 'sessions'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="org-session-form"
      onSubmit={(e) => void submit(e)}
      aria-label={session ? t('org.sessions.form.editTitle') : t('org.sessions.form.createTitle')}
    >
      <label>
        {t('org.sessions.title')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} />
      </label>
      <label>
        {t('org.sessions.resolution')}
        <textarea
          value={resolution}
          onChange={(e) => setResolution(e.target.value)}
          required
          maxLength={2000}
          rows={2}
        />
      </label>
      <div className="org-session-form__row">
        <DateTimeField label={t('org.sessions.form.start')} value={start} onChange={setStart} />
        <DateTimeField label={t('org.sessions.form.end')} value={end} onChange={setEnd} />
        <label>
          {t('org.sessions.form.thresholdLabel')}
          <input
            type="number"
            min={1}
            max={100}
            step={1}
            value={percent}
            onChange={(e) => setPercent(e.target.value)}
            required
          />
        </label>
      </div>
      <p className="org-hint">{t('org.sessions.form.hint')}</p>
      <div className="org-actions">
        <button type="submit" className="button" disabled={busy}>
          {session ? t('org.common.save') : t('org.sessions.create')}
        </button>
        {onCancel && (
          <button type="button" className="button button--quiet" onClick={onCancel}>
            {t('org.common.cancel')}
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="org-error">
          {error}
        </p>
      )}
    </form>
  );
}
