import { z } from 'zod';
import { idSchema } from '../domain/session.js';
import { archivedFilterSchema, genderSchema, orgUnitKindSchema } from './org.js';

const name = z.string().trim().min(1).max(200);
const code = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}._\-/]+$/u, 'letters, digits, . _ - /');

/** POST /api/org/units (admin). The parent must be one level up (province → district → commune → cell). */
export const createUnitRequestSchema = z
  .object({ parentId: idSchema.nullable(), kind: orgUnitKindSchema, name, code })
  .strict();
export type CreateUnitRequest = z.infer<typeof createUnitRequestSchema>;
/** PATCH /api/org/units/:id */
export const updateUnitRequestSchema = z.object({ name: name.optional(), code: code.optional() }).strict();
export type UpdateUnitRequest = z.infer<typeof updateUnitRequestSchema>;

/** POST /api/org/endpoints (admin): an endpoint of a commune-level unit. */
export const createEndpointRequestSchema = z.object({ unitId: idSchema, name }).strict();
export type CreateEndpointRequest = z.infer<typeof createEndpointRequestSchema>;
export const updateEndpointRequestSchema = z.object({ unitId: idSchema.optional(), name: name.optional() }).strict();
export type UpdateEndpointRequest = z.infer<typeof updateEndpointRequestSchema>;

export const memberNumberSchema = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[A-Za-z0-9.\-/]+$/, 'letters, digits, . - /');
/** Vietnamese phone numbers: 0xxxxxxxxx or +84xxxxxxxxx (spaces, dots and dashes ignored). */
export const phoneSchema = z
  .string()
  .transform((v) => v.replace(/[\s.\-()]/g, ''))
  .pipe(z.string().regex(/^(\+84|0)\d{9,10}$/, 'phone number like 0912345678'));
export const dateOnlySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date as YYYY-MM-DD');

export const memberInputSchema = z
  .object({
    cellId: idSchema,
    fullName: name,
    memberNumber: memberNumberSchema,
    gender: genderSchema,
    birthYear: z
      .number()
      .int()
      .min(1900)
      .max(new Date().getFullYear() - 16),
    phone: phoneSchema.nullable().optional(),
    joinedOn: dateOnlySchema.nullable().optional(),
  })
  .strict();
export type MemberInput = z.input<typeof memberInputSchema>;
export const updateMemberRequestSchema = memberInputSchema.partial().strict();
export type UpdateMemberRequest = z.input<typeof updateMemberRequestSchema>;

/** GET /api/org/members?q=&unitId=&archived=&limit=&offset= — q searches name and member number. */
export const listMembersQuerySchema = z
  .object({
    q: z.string().trim().max(100).optional(),
    unitId: idSchema.optional(),
    archived: archivedFilterSchema.default('exclude'),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const memberSchema = z.object({
  id: z.string(),
  cellId: z.string(),
  cellName: z.string(),
  communeName: z.string().nullable(),
  fullName: z.string(),
  memberNumber: z.string(),
  gender: genderSchema,
  birthYear: z.number().int(),
  phone: z.string().nullable(),
  joinedOn: z.string().nullable(),
  hasPin: z.boolean(),
  synthetic: z.boolean(),
  /** When an admin archived the member (their records are kept; they cannot sign in), or null. */
  archivedAt: z.string().nullable(),
});
export type Member = z.infer<typeof memberSchema>;
export const memberPageSchema = z.object({ total: z.number().int(), items: z.array(memberSchema) });
export type MemberPage = z.infer<typeof memberPageSchema>;

/** What can be imported and exported as CSV/XLSX. */
export const ORG_TABLES = ['units', 'endpoints', 'members'] as const;
export const orgTableSchema = z.enum(ORG_TABLES);
export type OrgTable = z.infer<typeof orgTableSchema>;
export const exportQuerySchema = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }).strict();

/**
 * POST /api/org/import/:table — a file with any bad row imports nothing (details list them).
 * `warnings` are rows imported as they stand but worth a look, e.g. `row.12.memberNumber` →
 * `archived_member`: the row names an archived member, who is left archived and unchanged.
 */
export const importResultSchema = z.object({
  table: orgTableSchema,
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  warnings: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type ImportResult = z.infer<typeof importResultSchema>;
