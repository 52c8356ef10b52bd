import { z } from 'zod';
import { roleSchema } from '../domain/roles.js';

/**
 * Every action the audit log records: who changed evidence or access. The client names each in
 * words (i18n `audit.actions.<action>`); keep the two in step.
 */
export const AUDIT_ACTIONS = [
  'unit.create',
  'unit.update',
  'unit.delete',
  'endpoint.create',
  'endpoint.update',
  'endpoint.delete',
  'endpoint.key.rotate',
  'endpoint.key.bulkIssue',
  'endpoint.archive',
  'endpoint.restore',
  'member.create',
  'member.update',
  'member.delete',
  'member.pin.issue',
  'member.pin.bulkIssue',
  'member.archive',
  'member.restore',
  'member.pin.change',
  'org.import',
  'session.create',
  'session.update',
  'session.schedule',
  'session.invite',
  'session.uninvite',
  'session.start',
  'session.end',
  'account.create',
  'document.upload',
  'document.delete',
  'quiz.question.create',
  'quiz.question.update',
  'quiz.question.delete',
  'quiz.question.reorder',
  'quiz.question.import',
  'webhook.create',
  'webhook.update',
  'webhook.delete',
  'webhook.rotateSecret',
  'webhook.redeliver',
  'recording.settings',
  'recording.delete',
  'recording.retention',
  'makeup.settings',
  'makeup.assign',
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

/** What an entry is about. */
export const AUDIT_TARGET_TYPES = [
  'unit',
  'endpoint',
  'member',
  'session',
  'account',
  'webhook',
  'webhook_delivery',
  'org_table',
  'pin_batch',
  'document',
  'question',
  'recording',
] as const;
export const auditTargetTypeSchema = z.enum(AUDIT_TARGET_TYPES);
export type AuditTargetType = z.infer<typeof auditTargetTypeSchema>;

/** The fields an action changed, before and after (never a PIN, key, password hash or token). */
const changeSchema = z.record(z.string(), z.unknown()).nullable();

/** One line of the audit log. `actor` is null for the system (a job without a requester). */
export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.object({ subject: z.string(), role: roleSchema, displayName: z.string().nullable() }).nullable(),
  /** The client's address as the server saw it (X-Forwarded-For only from a hop TRUST_PROXY names). */
  address: z.string().nullable(),
  /** One of AUDIT_ACTIONS (a string: the log outlives a renamed action). */
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  before: changeSchema,
  after: changeSchema,
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** An ISO instant; `from` and `to` are both inclusive (the client sends a day's first and last instant). */
const whenSchema = z.iso.datetime({ offset: true });

/** GET /api/audit and its export: who (subject id, or part of the name), what (action or its prefix, target) and when. */
export const auditFilterSchema = z.object({
  actor: z.string().trim().min(1).max(100).optional(),
  action: z
    .string()
    .trim()
    .regex(/^[a-zA-Z.]{1,60}$/)
    .optional(),
  targetType: auditTargetTypeSchema.optional(),
  targetId: z.string().trim().min(1).max(100).optional(),
  from: whenSchema.optional(),
  to: whenSchema.optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const listAuditQuerySchema = auditFilterSchema
  .extend({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const exportAuditQuerySchema = auditFilterSchema
  .extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') })
  .strict();

export const auditPageSchema = z.object({ total: z.number().int(), items: z.array(auditEntrySchema) });
export type AuditPage = z.infer<typeof auditPageSchema>;
