import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api';
import { pairDevice, type DeviceCredential } from './deviceCredential';

/** Opened once from the pairing link (`/endpoint/pair#key=…`): the key never reaches the server's logs or the history. */
export function PairingScreen({ onPaired }: { onPaired: (device: DeviceCredential) => void }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    const key = new URLSearchParams(window.location.hash.slice(1)).get('key') ?? '';
    window.history.replaceState(null, '', '/endpoint');
    if (key.length < 20) {
      setProblem('MALFORMED');
      return;
    }
    pairDevice(key).then(onPaired, (error: unknown) =>
      setProblem(
        error instanceof ApiError
          ? error.details?.some((d) => d.message === 'archived')
            ? 'ARCHIVED'
            : error.code
          : 'UNAVAILABLE',
      ),
    );
  }, [onPaired]);

  return (
    <div className="tv tv--standby" data-testid="tv-pairing">
      <main className="tv__stage">
        <p
          className="tv__waiting"
          role={problem ? 'alert' : undefined}
          data-testid={problem ? 'pairing-problem' : undefined}
          data-problem={problem ?? undefined}
        >
          {problem
            ? t(
                problem === 'ARCHIVED'
                  ? 'standby.archived'
                  : problem === 'UNAUTHENTICATED'
                    ? 'standby.pairRevoked'
                    : problem === 'MALFORMED' || problem === 'BAD_REQUEST'
                      ? 'standby.pairMalformed'
                      : 'standby.pairFailed',
              )
            : t('standby.pairing')}
        </p>
      </main>
    </div>
  );
}
