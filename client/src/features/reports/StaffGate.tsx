import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { signOutStaff, storedStaffSignIn, type StaffSignIn } from './staffAuth';
import { StaffSignInForm } from './StaffSignInForm';

/** Shows a sign-in form for admins and hosts, then the children with the signed-in staff. */
export function StaffGate({ children }: { children: (staff: StaffSignIn, signOut: () => void) => ReactNode }) {
  const { t } = useTranslation();
  const [staff, setStaff] = useState<StaffSignIn | null>(() => storedStaffSignIn());

  if (staff) {
    return children(staff, () => {
      signOutStaff();
      setStaff(null);
    });
  }
  return <StaffSignInForm title={t('reports.signIn.title')} onSignedIn={setStaff} />;
}
