import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useDocumentTitle } from '../base';
import { HostConsole } from './broadcast/HostConsole';
import { HostLogin } from './broadcast/HostLogin';
import { SessionPicker } from './broadcast/SessionPicker';
import { storedHostSignIn, type HostSignIn } from './broadcast/hostAuth';
import './broadcast/host.css';

/** Host console for the provincial studio: sign in, pick a session (or `?session=<id>`), run it. */
export function HostPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('areas.host.title')} — ${t('app.name')}`);
  const [params, setParams] = useSearchParams();
  const [signIn, setSignIn] = useState<HostSignIn | null>(() => storedHostSignIn());
  const sessionId = params.get('session');
  if (!signIn) return <HostLogin onSignedIn={setSignIn} />;
  if (!sessionId) return <SessionPicker token={signIn.token} onPick={(id) => setParams({ session: id })} />;
  // Keyed: a link to another session (a hall make-up it opened) starts a fresh console.
  return <HostConsole key={sessionId} signIn={signIn} sessionId={sessionId} />;
}
