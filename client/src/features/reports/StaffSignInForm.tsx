import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { signInStaff, type StaffSignIn } from './staffAuth';

/** The admin/host sign-in form (username and password); tells who signed in. */
export function StaffSignInForm({ title, onSignedIn }: { title: string; onSignedIn: (staff: StaffSignIn) => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const staff = await signInStaff(username, password);
      setBusy(false);
      onSignedIn(staff);
    } catch {
      setError(t('reports.signIn.failed'));
      setBusy(false);
    }
  };

  return (
    <form className="staff-sign-in" onSubmit={(e) => void submit(e)} aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <label>
        {t('reports.signIn.username')}
        <input
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
      </label>
      <label>
        {t('reports.signIn.password')}
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      {error && (
        <p role="alert" className="notice">
          {error}
        </p>
      )}
      <button className="button" type="submit" disabled={busy}>
        {t('reports.signIn.submit')}
      </button>
    </form>
  );
}
