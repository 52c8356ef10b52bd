import { z } from 'zod';

/** Life of a conference session: draft → scheduled → live → ended (draft → live allowed). */
export const SESSION_STATUSES = ['draft', 'scheduled', 'live', 'ended'] as const;
export const sessionStatusSchema = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof sessionStatusSchema>;

/** Ids are text UUIDs (crypto.randomUUID). */
export const idSchema = z.uuid();

/** ISO 8601 timestamp with offset, as the server stores and returns them (UTC, `Z`). */
export const isoDateTimeSchema = z.iso.datetime({ offset: true });
