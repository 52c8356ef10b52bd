// The org domain's door: the organisation tree, endpoints and their keys, members and their PINs.
export { orgModule } from './module.js';
export { orgAdminService, orgArchive, orgService } from './services.js';
export type { EndpointRecord, MemberRecord, OrgService } from './OrgService.js';
export type { OrgAdminService } from './admin/OrgAdminService.js';
export type { OrgArchive } from './admin/OrgArchive.js';
export * as orgQueries from './queries.js';
export type { EndpointPlace, MemberPlace } from './queries.js';
export { generateEndpointKey, hashEndpointKey, isKeyVersionCurrent } from './endpointKeys.js';
export { orgErrors } from './errors.js';
