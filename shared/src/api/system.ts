import { z } from 'zod';

const checkSchema = z.object({ ok: z.boolean(), error: z.string().optional() });

/** GET /healthz — 200 when Redis, the store and every mediasoup worker answer, else 503 `degraded`. */
export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({
    redis: checkSchema,
    store: checkSchema,
    media: z.object({ ok: z.boolean(), alive: z.number().int(), total: z.number().int() }),
  }),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
