import { z } from 'zod';
import { idSchema } from '../domain/session.js';

/** Levels of the organisation tree: province → district-level → commune/grassroots → Party cell. */
export const ORG_UNIT_KINDS = ['province', 'district', 'commune', 'cell'] as const;
export const orgUnitKindSchema = z.enum(ORG_UNIT_KINDS);
export type OrgUnitKind = z.infer<typeof orgUnitKindSchema>;

export const GENDERS = ['male', 'female'] as const;
export const genderSchema = z.enum(GENDERS);
export type Gender = z.infer<typeof genderSchema>;

export const orgUnitSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  kind: orgUnitKindSchema,
  name: z.string(),
  code: z.string(),
});
export type OrgUnit = z.infer<typeof orgUnitSchema>;

/** GET /api/org/units?parentId=&kind= */
export const listUnitsQuerySchema = z
  .object({
    parentId: idSchema.optional(),
    kind: orgUnitKindSchema.optional(),
  })
  .strict();

export const endpointSchema = z.object({
  id: z.string(),
  name: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  districtId: z.string().nullable(),
  districtName: z.string().nullable(),
  /** Whether a key was ever issued (endpoints without one cannot sign in). */
  hasKey: z.boolean(),
  keyVersion: z.number().int(),
  keyRotatedAt: z.string().nullable(),
  /** When an admin archived it (its records are kept; it cannot sign in or be invited), or null. */
  archivedAt: z.string().nullable(),
});
export type Endpoint = z.infer<typeof endpointSchema>;

/**
 * Which members or endpoints a listing holds: without the archived ones (the default), with them, or
 * only them. Archived ones keep their records (attendance, answers) but no longer sign in.
 */
export const ARCHIVED_FILTERS = ['exclude', 'include', 'only'] as const;
export const archivedFilterSchema = z.enum(ARCHIVED_FILTERS);
export type ArchivedFilter = z.infer<typeof archivedFilterSchema>;

/** GET /api/org/endpoints?districtId=&archived= */
export const listEndpointsQuerySchema = z
  .object({ districtId: idSchema.optional(), archived: archivedFilterSchema.default('exclude') })
  .strict();

/** POST /api/org/endpoints/:id/key — the new key is shown exactly once. */
export const rotatedKeySchema = z.object({
  endpointId: z.string(),
  endpointKey: z.string(),
  keyVersion: z.number().int(),
  keyRotatedAt: z.string(),
});
export type RotatedKey = z.infer<typeof rotatedKeySchema>;

/** POST /api/org/members/:id/pin — a new PIN, shown exactly once. */
export const issuedPinSchema = z.object({ memberId: z.string(), memberNumber: z.string(), pin: z.string() });
export type IssuedPin = z.infer<typeof issuedPinSchema>;

/** POST /api/org/endpoints/keys — issue or rotate the keys of a set of endpoints at once (admin). */
export const bulkEndpointKeysRequestSchema = z
  .object({
    endpointIds: z.array(idSchema).min(1).max(5000).optional(),
    districtId: idSchema.optional(),
    all: z.literal(true).optional(),
  })
  .strict()
  .refine((b) => [b.endpointIds, b.districtId, b.all].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of endpointIds, districtId, all',
  });
export type BulkEndpointKeysRequest = z.infer<typeof bulkEndpointKeysRequestSchema>;

/** The endpoint sheet holding the new pairing links: downloadable once per format, for at most an hour. */
export const endpointSheetSchema = z.object({
  sheetId: z.string(),
  count: z.number().int(),
  expiresAt: z.string(),
});
export type EndpointSheet = z.infer<typeof endpointSheetSchema>;

/** POST /api/org/members/pins — new PINs for every member of a unit (any level) or for chosen members (admin). */
export const bulkPinsRequestSchema = z
  .object({ unitId: idSchema.optional(), memberIds: z.array(idSchema).min(1).max(100_000).optional() })
  .strict()
  .refine((b) => (b.unitId === undefined) !== (b.memberIds === undefined), {
    message: 'give exactly one of unitId, memberIds',
  });
export type BulkPinsRequest = z.infer<typeof bulkPinsRequestSchema>;

/** GET /api/org/pin-batches/:id — a PIN batch as the admin screen follows it. */
export const pinBatchSchema = z.object({
  batchId: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  progress: z.number(),
  count: z.number().int().nullable(),
  /** When done: download /api/org/pin-slips/:sheetId/{pdf,xlsx}, each once, within the hour. */
  sheetId: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type PinBatch = z.infer<typeof pinBatchSchema>;
