// Public surface of the organisation feature: the admin console's org, import/export and sessions.
export { OrgAdmin } from './OrgAdmin';
