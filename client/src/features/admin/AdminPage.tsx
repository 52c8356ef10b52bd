import { AreaPlaceholder } from '../base';

/** Administration and reports (placeholder until built). */
export function AdminPage() {
  return <AreaPlaceholder area="admin" />;
}
