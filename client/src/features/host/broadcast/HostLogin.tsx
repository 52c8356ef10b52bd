import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RequestError } from '../../../lib/socket';
import { signInHost, type HostSignIn } from './hostAuth';

export function HostLogin({ onSignedIn }: { onSignedIn: (s: HostSignIn) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setError(null);
    signInHost(username, password).then(onSignedIn, (e: unknown) =>
      setError(t('broadcast.errors.generic', { code: e instanceof RequestError ? e.code : 'UNAVAILABLE' })),
    );
  };
  return (
    <form className="host-form" onSubmit={submit}>
      <h1>{t('broadcast.host.loginTitle')}</h1>
      <label>
        {t('broadcast.host.username')}
        <input
          name="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoComplete="username"
          required
        />
      </label>
      <label>
        {t('broadcast.host.password')}
        <input
          name="password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          required
        />
      </label>
      {error && <p role="alert">{error}</p>}
      <button type="submit">{t('broadcast.host.login')}</button>
    </form>
  );
}
