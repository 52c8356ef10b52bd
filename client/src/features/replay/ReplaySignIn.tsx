import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { StaffSignInForm } from '../reports';
import type { ReplayViewer } from './replayAuth';

/** Nobody signed in: staff sign in here (as in the admin area); members are sent to their page. */
export function ReplaySignIn({ onSignedIn }: { onSignedIn: (viewer: ReplayViewer) => void }) {
  const { t } = useTranslation();
  return (
    <div className="replay-sign-in" data-testid="replay-sign-in">
      <h1>{t('replay.title')}</h1>
      <p>
        {t('replay.signIn.member')}{' '}
        <Link to="/member" data-testid="replay-member-link">
          {t('replay.signIn.memberLink')}
        </Link>
      </p>
      <StaffSignInForm title={t('replay.signIn.staff')} onSignedIn={onSignedIn} />
    </div>
  );
}
