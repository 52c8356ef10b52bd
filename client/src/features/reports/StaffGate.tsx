import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { signInStaff, signOutStaff, storedStaffSignIn, type StaffSignIn } from './staffAuth';

/** Shows a sign-in form for admins and hosts, then the children with the signed-in staff. */
export function StaffGate({ children }: { children: (staff: StaffSignIn, signOut: () => void) => ReactNode }) {
  const { t } = useTranslation();
  const [staff, setStaff] = useState<StaffSignIn | null>(() => storedStaffSignIn());
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (staff) {
    return children(staff, () => {
      signOutStaff();
      setStaff(null);
    });
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setStaff(await signInStaff(username, password));
    } catch {
      setError(t('reports.signIn.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="staff-sign-in" onSubmit={(e) => void submit(e)} aria-labelledby="staff-sign-in-title">
      <h2 id="staff-sign-in-title">{t('reports.signIn.title')}</h2>
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
