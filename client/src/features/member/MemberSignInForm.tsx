import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { RequestError } from '../../lib/socket';
import { signInMember, type MemberSignIn } from './memberAuth';

/** Member number and PIN, with a numeric keypad for the PIN. */
export function MemberSignInForm({ onSignedIn }: { onSignedIn: (s: MemberSignIn) => void }) {
  const { t } = useTranslation();
  const [memberNumber, setMemberNumber] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signInMember(memberNumber.trim(), pin.trim()));
    } catch (e) {
      // A PIN locked after repeated wrong tries says how to unlock it (a new slip), not just "wait".
      const locked = e instanceof ApiError && e.details?.some((d) => d.message === 'locked');
      // An archived member is told so (only after the right PIN), so they know whom to ask.
      const archived = e instanceof ApiError && e.details?.some((d) => d.message === 'archived');
      setError(
        locked
          ? t('checkin.member.signIn.locked')
          : archived
            ? t('checkin.member.signIn.archived')
            : e instanceof RequestError && e.code === 'RATE_LIMITED'
              ? t('checkin.member.signIn.rateLimited')
              : t('checkin.member.signIn.failed'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="member-form" onSubmit={(e) => void submit(e)} aria-labelledby="member-sign-in-title">
      <h2 id="member-sign-in-title">{t('checkin.member.signIn.title')}</h2>
      <label>
        {t('checkin.member.signIn.memberNumber')}
        <input
          name="memberNumber"
          data-testid="member-number"
          autoComplete="username"
          value={memberNumber}
          onChange={(e) => setMemberNumber(e.target.value)}
          required
        />
      </label>
      <label>
        {t('checkin.member.signIn.pin')}
        <input
          name="pin"
          data-testid="member-pin"
          type="password"
          inputMode="numeric"
          pattern="[0-9]{4,8}"
          autoComplete="current-password"
          value={pin}
          onChange={(e) => setPin(e.target.value)}
          required
        />
      </label>
      {error && (
        <p role="alert" className="notice">
          {error}
        </p>
      )}
      <button className="button" type="submit" disabled={busy} data-testid="member-sign-in">
        {t('checkin.member.signIn.submit')}
      </button>
    </form>
  );
}
