import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'react-router-dom';
import { useDocumentTitle } from '../base';
import { EndpointJoinForm } from './broadcast/EndpointJoinForm';
import { EndpointScreen } from './broadcast/EndpointScreen';
import { storedSignIn, type EndpointSignIn } from './broadcast/endpointSession';
import { storedDevice, type DeviceCredential } from './standby/deviceCredential';
import { PairedEndpoint } from './standby/PairedEndpoint';
import { PairingScreen } from './standby/PairingScreen';
import './broadcast/endpoint.css';
import './standby/standby.css';

/**
 * Full-screen TV page of a commune endpoint. `/endpoint/pair#key=<key>` (the endpoint sheet's link)
 * pairs the TV once; from then on `/endpoint` is its standby screen and joins each session by itself.
 * An unpaired TV gets the manual form; `?session=<id>&key=<key>` prefills it; `?transport=tcp` offers
 * ICE over TCP only (halls whose firewall drops UDP).
 */
export function EndpointPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('areas.endpoint.title')} — ${t('app.name')}`);
  const [params] = useSearchParams();
  const location = useLocation();
  const sessionParam = params.get('session');
  const tcpOnly = params.get('transport') === 'tcp';
  const [pairing, setPairing] = useState(() => location.pathname.endsWith('/pair'));
  const [device, setDevice] = useState<DeviceCredential | null>(() => (sessionParam ? null : storedDevice()));
  const [revoked, setRevoked] = useState<string | null>(null);
  const [signIn, setSignIn] = useState<EndpointSignIn | null>(() => storedSignIn(sessionParam));
  const onPaired = useCallback((d: DeviceCredential) => {
    setPairing(false);
    setDevice(d);
  }, []);
  const onRevoked = useCallback((code: string) => {
    setDevice(null);
    setRevoked(code);
  }, []);

  if (pairing) return <PairingScreen onPaired={onPaired} />;
  if (device) return <PairedEndpoint device={device} tcpOnly={tcpOnly} onRevoked={onRevoked} />;
  if (!signIn) {
    return (
      <>
        {revoked && (
          <p role="alert" className="notice" data-testid="device-revoked">
            {t('standby.revoked')}
          </p>
        )}
        <EndpointJoinForm
          initialSession={sessionParam ?? ''}
          initialKey={params.get('key') ?? ''}
          onJoined={setSignIn}
        />
      </>
    );
  }
  return <EndpointScreen signIn={signIn} tcpOnly={tcpOnly} />;
}
