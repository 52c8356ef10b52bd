import { useEffect, useState, type InputHTMLAttributes } from 'react';
import { formatDmy, parseDmy } from './dates';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  /** ISO day (yyyy-mm-dd), or '' for none. */
  value: string;
  /** Called with an ISO day once the text is a real dd/mm/yyyy date (or '' when cleared). */
  onChange: (isoDay: string) => void;
};

/**
 * A text field for dd/mm/yyyy, in place of `<input type="date">` whose display follows the browser's locale
 * (mm/dd/yyyy on an English browser). Invalid text is kept as typed, marked aria-invalid, and not reported.
 */
export function DateInput({ value, onChange, className, ...rest }: Props) {
  const [text, setText] = useState(() => formatDmy(value));
  useEffect(() => {
    // Follow the value from outside unless the text already says the same day.
    setText((current) => (parseDmy(current) === value ? current : formatDmy(value)));
  }, [value]);
  const invalid = text.trim() !== '' && parseDmy(text) === null;
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder="dd/mm/yyyy"
      maxLength={10}
      className={[className, 'date-input', invalid ? 'date-input--invalid' : ''].filter(Boolean).join(' ')}
      aria-invalid={invalid || undefined}
      value={text}
      onChange={(e) => {
        const next = e.target.value;
        setText(next);
        if (next.trim() === '') onChange('');
        else {
          const iso = parseDmy(next);
          if (iso) onChange(iso);
        }
      }}
    />
  );
}
