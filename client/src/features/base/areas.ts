/** The four working areas of the app, in the order the home page lists them. */
export const AREAS = [
  { id: 'host', path: '/host' },
  { id: 'endpoint', path: '/endpoint' },
  { id: 'member', path: '/member' },
  { id: 'admin', path: '/admin' },
] as const;

export type AreaId = (typeof AREAS)[number]['id'];
