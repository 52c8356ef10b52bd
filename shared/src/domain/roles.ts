import { z } from 'zod';

/** Who a token speaks for. See DESIGN.md's users table. */
export const ROLES = ['admin', 'host', 'endpoint', 'member'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;
