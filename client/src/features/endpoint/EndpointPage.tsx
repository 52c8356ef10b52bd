import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useDocumentTitle } from '../base';
import { EndpointJoinForm } from './broadcast/EndpointJoinForm';
import { EndpointScreen } from './broadcast/EndpointScreen';
import { storedSignIn, type EndpointSignIn } from './broadcast/endpointSession';
import './broadcast/endpoint.css';

/**
 * Full-screen TV page of a commune endpoint. `?session=<id>&key=<key>` prefills the form;
 * `?transport=tcp` offers ICE over TCP only (halls whose firewall drops UDP).
 */
export function EndpointPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('areas.endpoint.title')} — ${t('app.name')}`);
  const [params] = useSearchParams();
  const sessionParam = params.get('session');
  const [signIn, setSignIn] = useState<EndpointSignIn | null>(() => storedSignIn(sessionParam));
  if (!signIn) return <EndpointJoinForm initialSession={sessionParam ?? ''} initialKey={params.get('key') ?? ''} onJoined={setSignIn} />;
  return <EndpointScreen signIn={signIn} tcpOnly={params.get('transport') === 'tcp'} />;
}
