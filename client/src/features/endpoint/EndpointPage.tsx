import { AreaPlaceholder } from '../base';

/** Full-screen TV page of a commune endpoint (placeholder until built). */
export function EndpointPage() {
  return <AreaPlaceholder area="endpoint" />;
}
