import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { API, type StudySettings } from '@diem-cau/shared';
import { api } from '../../../lib/api';
import { DateInput } from '../../../lib/DateInput';
import { DEFAULT_TIME_ZONE, formatNumber } from '../../../i18n/format';
import { FeedbackLine, useRequest } from './feedback';

/** Speeds the host picks from (the server takes 1–4×); a saved value not in the list is kept as an option. */
const RATES = [1, 1.25, 1.5, 2, 3, 4];

/** A deadline is a day: the study may go on until that day ends in Vietnam. */
const deadlineOfDay = (isoDay: string) => new Date(`${isoDay}T23:59:59.999+07:00`).toISOString();
const dayOfDeadline = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: DEFAULT_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));

/** The host's make-up study settings: on/off, the share to watch, the speed limit, the deadline day. */
export function StudySettingsForm({
  token,
  sessionId,
  settings,
  onSaved,
}: {
  token: string;
  sessionId: string;
  settings: StudySettings;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [enabled, setEnabled] = useState(settings.enabled);
  const [percent, setPercent] = useState(String(Math.round(settings.share * 1000) / 10));
  const [maxRate, setMaxRate] = useState(settings.maxRate);
  const [day, setDay] = useState(settings.deadline ? dayOfDeadline(settings.deadline) : '');
  const { busy, feedback, setFeedback, run } = useRequest();
  const rates = RATES.includes(settings.maxRate) ? RATES : [...RATES, settings.maxRate].sort((a, b) => a - b);

  const save = (e: FormEvent) => {
    e.preventDefault();
    const share = Number(percent.replace(',', '.')) / 100;
    if (!(share > 0 && share <= 1)) return setFeedback({ ok: false, text: t('makeupHost.settings.badShare') });
    // DateInput keeps text that is not a date as typed (and marks it) without reporting it.
    if (formRef.current?.querySelector('[aria-invalid="true"]'))
      return setFeedback({ ok: false, text: t('makeupHost.settings.badDeadline') });
    void run(async () => {
      await api(API.makeupStudy.updateSettings, {
        params: { id: sessionId },
        token,
        body: { enabled, share, maxRate, deadline: day ? deadlineOfDay(day) : null },
      });
      onSaved();
      return t('makeupHost.settings.saved');
    });
  };

  return (
    <form ref={formRef} className="makeup-settings" data-testid="makeup-settings" onSubmit={save}>
      <h3>{t('makeupHost.settings.title')}</h3>
      <label className="makeup-settings__check">
        <input
          type="checkbox"
          data-testid="makeup-enabled"
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
        />
        {t('makeupHost.settings.enabled')}
      </label>
      <label>
        {t('makeupHost.settings.share')}
        <input
          type="number"
          inputMode="decimal"
          min={1}
          max={100}
          step={1}
          data-testid="makeup-share"
          value={percent}
          onChange={(e) => setPercent(e.target.value)}
        />
      </label>
      <label>
        {t('makeupHost.settings.maxRate')}
        <select data-testid="makeup-max-rate" value={maxRate} onChange={(e) => setMaxRate(Number(e.target.value))}>
          {rates.map((r) => (
            <option key={r} value={r}>
              {t('makeupHost.settings.rate', { rate: formatNumber(r) })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('makeupHost.settings.deadline')}
        <DateInput data-testid="makeup-deadline" value={day} onChange={setDay} />
        <small>{t('makeupHost.settings.deadlineHint')}</small>
      </label>
      <div className="makeup-settings__actions">
        <button type="submit" className="primary" data-testid="makeup-save" disabled={busy}>
          {busy ? t('makeupHost.settings.saving') : t('makeupHost.settings.save')}
        </button>
        <FeedbackLine feedback={feedback} testId="makeup-settings-message" />
      </div>
    </form>
  );
}
