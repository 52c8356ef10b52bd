import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API } from '@diem-cau/shared';
import { ApiError, api } from '../../lib/api';

/** Behind a small link: a member replaces the slip's PIN with one of their own. */
export function ChangePinForm({ token }: { token: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [currentPin, setCurrentPin] = useState('');
  const [newPin, setNewPin] = useState('');
  const [result, setResult] = useState<'done' | 'wrong' | 'weak' | 'failed' | null>(null);
  if (!open) {
    return (
      <button type="button" className="link" data-testid="change-pin-open" onClick={() => setOpen(true)}>
        {t('memberPin.open')}
      </button>
    );
  }
  const submit = async () => {
    try {
      await api(API.auth.changeMemberPin, { body: { currentPin, newPin }, token });
      setResult('done');
      setCurrentPin('');
      setNewPin('');
    } catch (error) {
      setResult(
        error instanceof ApiError
          ? error.code === 'UNAUTHENTICATED'
            ? 'wrong'
            : error.code === 'BAD_REQUEST'
              ? 'weak'
              : 'failed'
          : 'failed',
      );
    }
  };
  return (
    <form
      className="member-pin"
      data-testid="change-pin"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        {t('memberPin.current')}
        <input
          type="password"
          inputMode="numeric"
          autoComplete="current-password"
          data-testid="change-pin-current"
          value={currentPin}
          onChange={(e) => setCurrentPin(e.target.value)}
        />
      </label>
      <label>
        {t('memberPin.new')}
        <input
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          maxLength={6}
          data-testid="change-pin-new"
          value={newPin}
          onChange={(e) => setNewPin(e.target.value)}
        />
      </label>
      <button type="submit" className="button" data-testid="change-pin-submit">
        {t('memberPin.save')}
      </button>
      {result && (
        <p role={result === 'done' ? 'status' : 'alert'} data-testid="change-pin-result" data-result={result}>
          {t(`memberPin.${result}`)}
        </p>
      )}
    </form>
  );
}
