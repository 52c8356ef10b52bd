import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import { roleSchema } from '@diem-cau/shared';
import { openFileStore } from '../../../files/folderFileStore.js';
import { AuditLog } from '../../audit/index.js';
import { pinHashesFor } from '../../../auth/pinHashes.js';
import { issuePins } from './issuePins.js';
import { OneTimeFiles } from './OneTimeFiles.js';
import { pinSlipsPdf, pinSlipsXlsx } from './pinSlips.js';
import type { JobDeps, PinSlipJobData, PinSlipJobResult } from '../../../jobs/index.js';

const payloadSchema = z
  .object({
    unitId: z.string().uuid().optional(),
    memberIds: z.array(z.string().uuid()).max(100_000).optional(),
    memberUrl: z.string().url().max(500),
    requestedBy: z
      .object({
        subject: z.string().min(1).max(200),
        role: roleSchema,
        displayName: z.string().max(300).optional(),
        address: z.string().max(100).nullable(),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * Issues PINs for a unit's members and writes the one-time slips (XLSX and PDF). Retrying after a
 * crash issues fresh PINs again, which is right: the PINs of the dead attempt were never shown.
 */
export function createPinSlipProcessor(deps: JobDeps) {
  const files = new OneTimeFiles(openFileStore(deps.config));
  // The worker may run in a process of its own (`npm run worker`): the log is built on the job's store.
  const audit = new AuditLog(deps.db);
  const pins = pinHashesFor(deps.config);
  return async (job: Job<PinSlipJobData, PinSlipJobResult>): Promise<PinSlipJobResult> => {
    const payload = payloadSchema.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError('malformed PIN slip job payload');
    const { memberUrl, requestedBy, ...selection } = payload.data;
    const slips = await issuePins(deps.db, pins, selection, (share) => job.updateProgress(share));
    const [xlsx, pdf] = await Promise.all([pinSlipsXlsx(slips, memberUrl), pinSlipsPdf(slips, memberUrl)]);
    const saved = await files.save({ xlsx, pdf });
    // One entry per batch: who asked, how many, for which unit or list (never the PINs).
    await audit.record({
      actor: requestedBy
        ? {
            identity: {
              subject: requestedBy.subject,
              role: requestedBy.role,
              ...(requestedBy.displayName !== undefined && { displayName: requestedBy.displayName }),
            },
            address: requestedBy.address,
          }
        : null,
      action: 'member.pin.bulkIssue',
      target: { type: 'pin_batch', id: job.id ?? null },
      after: {
        count: slips.length,
        unitId: selection.unitId ?? null,
        memberCount: selection.memberIds?.length ?? null,
      },
    });
    await job.updateProgress(100);
    deps.log.info({ module: 'jobs', job: job.id, count: slips.length }, 'PINs issued in bulk'); // never the PINs
    return { sheetId: saved.id, count: slips.length, expiresAt: saved.expiresAt };
  };
}
