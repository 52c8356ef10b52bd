import { z } from 'zod';

/** Who a token speaks for. See DESIGN.md's users table. */
export const ROLES = ['admin', 'host', 'endpoint', 'member'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Staff: the people with a password account (an admin may also run any session as its host). */
export const STAFF_ROLES = ['admin', 'host'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];
/** Roles that take part in the media plane (publish or receive the broadcast). */
export const MEDIA_ROLES = ['admin', 'host', 'endpoint'] as const satisfies readonly Role[];
/** Every role: a route any signed-in caller may use. */
export const ANY_ROLE = ROLES;

export function isStaff(role: Role): role is StaffRole {
  return (STAFF_ROLES as readonly Role[]).includes(role);
}
