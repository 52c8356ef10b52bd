import { z } from 'zod';

/**
 * Why a dependency failed its health check, as a short code; the dependency's own error text is only
 * logged on the server. `timeout`: no answer in time; `unreachable`: the connection is refused or
 * lost; `busy`: the store is locked; `storage`: the store's file cannot be read or written; `failed`:
 * anything else.
 */
export const HEALTH_ERROR_CODES = ['timeout', 'unreachable', 'busy', 'storage', 'failed'] as const;
export type HealthErrorCode = (typeof HEALTH_ERROR_CODES)[number];

const checkSchema = z.object({ ok: z.boolean(), error: z.enum(HEALTH_ERROR_CODES).optional() });

/**
 * GET /healthz — 200 `ok` when Redis, the store and every mediasoup worker answer, else 503 `degraded`
 * (the load balancer needs only the status code), or 503 `draining` once the node is shutting down. `checks` only for an operations caller
 * (`Authorization: Bearer <METRICS_TOKEN>`) or an admin's token; anyone else gets `{ status }` alone.
 */
export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded', 'draining']),
  checks: z
    .object({
      redis: checkSchema,
      store: checkSchema,
      media: z.object({ ok: z.boolean(), alive: z.number().int(), total: z.number().int() }),
    })
    .optional(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
