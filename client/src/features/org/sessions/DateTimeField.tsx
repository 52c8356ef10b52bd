import { useTranslation } from 'react-i18next';
import { formatDateTime, viDateTimeToIso } from '../common/dateTime';

export interface DateTimeValue {
  date: string;
  time: string;
}

/** A point in time typed as "dd/mm/yyyy" and "hh:mm" (24-hour), read back in full in Vietnamese. */
export function DateTimeField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: DateTimeValue;
  onChange: (v: DateTimeValue) => void;
}) {
  const { t, i18n } = useTranslation();
  const iso = viDateTimeToIso(value.date, value.time);
  const typed = value.date.trim() !== '' || value.time.trim() !== '';
  return (
    <fieldset className="org-datetime">
      <legend>{label}</legend>
      <input
        value={value.date}
        onChange={(e) => onChange({ ...value, date: e.target.value })}
        placeholder={t('org.dateTime.datePlaceholder')}
        aria-label={t('org.dateTime.date', { what: label })}
        inputMode="numeric"
        size={10}
        maxLength={10}
      />
      <input
        value={value.time}
        onChange={(e) => onChange({ ...value, time: e.target.value })}
        placeholder={t('org.dateTime.timePlaceholder')}
        aria-label={t('org.dateTime.time', { what: label })}
        inputMode="numeric"
        size={5}
        maxLength={5}
      />
      {iso && <small className="org-datetime__read">{formatDateTime(iso, i18n.language)}</small>}
      {!iso && typed && <small className="org-datetime__bad">{t('org.dateTime.invalid')}</small>}
    </fieldset>
  );
}
