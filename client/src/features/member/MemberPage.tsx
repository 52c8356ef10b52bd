import { AreaPlaceholder } from '../base';

/** Phone-first page for Party members (placeholder until built). */
export function MemberPage() {
  return <AreaPlaceholder area="member" />;
}
