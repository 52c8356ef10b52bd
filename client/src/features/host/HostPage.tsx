import { AreaPlaceholder } from '../base';

/** Host console for the provincial studio (placeholder until built). */
export function HostPage() {
  return <AreaPlaceholder area="host" />;
}
