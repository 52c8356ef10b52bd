// The org domain's door: the organisation tree, endpoints and their keys, members and their PINs.
export { orgModule } from './module.js';
export { orgService } from './services.js';
export type { EndpointRecord, MemberRecord, OrgService } from './OrgService.js';
export { generateEndpointKey, hashEndpointKey, isKeyVersionCurrent } from './endpointKeys.js';
