import { randomUUID } from 'node:crypto';
import type { BulkPinsRequest, PinBatch } from '@diem-cau/shared';
import { JOB_NAMES, type JobQueues } from '../../../jobs/index.js';
import { orgErrors } from '../errors.js';
import type { OrgService } from '../OrgService.js';
import type { AuditActor } from '../../audit/index.js';

/**
 * PINs in bulk: a request becomes a `pin-slips` job (one batch at a time, see pinSlipProcessor.ts),
 * and the administrator's screen follows the batch by its id until its one-time slips are ready.
 */
export class PinBatches {
  readonly #queues: () => JobQueues;
  readonly #org: OrgService;

  constructor(deps: { queues: () => JobQueues; org: OrgService }) {
    this.#queues = deps.queues;
    this.#org = deps.org;
  }

  /** `memberUrl` is the member page as the administrator reaches the platform (printed on the slips). */
  async request(input: BulkPinsRequest, memberUrl: string, actor: AuditActor | null = null): Promise<PinBatch> {
    if (input.unitId && !(await this.#org.unitExists(input.unitId))) throw orgErrors.unitNotFound();
    const batchId = randomUUID();
    const requestedBy = actor && {
      subject: actor.identity.subject,
      role: actor.identity.role,
      ...(actor.identity.displayName !== undefined && { displayName: actor.identity.displayName }),
      address: actor.address,
    };
    await this.#queues().pinSlips.add(
      JOB_NAMES.issuePins,
      { ...input, memberUrl, ...(requestedBy && { requestedBy }) },
      { jobId: batchId },
    );
    return { batchId, state: 'queued', progress: 0, count: null, sheetId: null, expiresAt: null };
  }

  async status(batchId: string): Promise<PinBatch> {
    const job = await this.#queues().pinSlips.getJob(batchId);
    if (!job) throw orgErrors.pinBatchNotFound();
    const raw = await job.getState();
    const state: PinBatch['state'] =
      raw === 'completed' ? 'done' : raw === 'failed' ? 'failed' : raw === 'active' ? 'running' : 'queued';
    const result = job.returnvalue;
    return {
      batchId,
      state,
      progress: typeof job.progress === 'number' ? job.progress : 0,
      count: state === 'done' ? result.count : null,
      sheetId: state === 'done' ? result.sheetId : null,
      expiresAt: state === 'done' ? result.expiresAt : null,
    };
  }
}
