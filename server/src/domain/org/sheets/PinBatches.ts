import { randomUUID } from 'node:crypto';
import type { BulkPinsRequest, PinBatch } from '@diem-cau/shared';
import { JOB_NAMES, type JobQueues, type PinSlipJobResult } from '../../../jobs/index.js';
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
    const queue = this.#queues().pinSlips;
    let job = await queue.getJob(batchId);
    if (!job) throw orgErrors.pinBatchNotFound();
    let raw = await job.getState();
    // The job may complete between reading it and reading its state: then its result is not in the
    // copy read first, so read it again (it has been stored by then).
    if (raw === 'completed' && !job.returnvalue) {
      job = await queue.getJob(batchId);
      if (!job) throw orgErrors.pinBatchNotFound();
      raw = await job.getState();
    }
    const result = job.returnvalue as PinSlipJobResult | null | undefined;
    const state: PinBatch['state'] =
      raw === 'completed'
        ? result
          ? 'done'
          : 'running'
        : raw === 'failed'
          ? 'failed'
          : raw === 'active'
            ? 'running'
            : 'queued';
    return {
      batchId,
      state,
      progress: typeof job.progress === 'number' ? job.progress : 0,
      count: state === 'done' ? result!.count : null,
      sheetId: state === 'done' ? result!.sheetId : null,
      expiresAt: state === 'done' ? result!.expiresAt : null,
    };
  }
}
