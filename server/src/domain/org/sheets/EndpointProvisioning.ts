import type { BulkEndpointKeysRequest, EndpointSheet } from '@diem-cau/shared';
import type { AppContext } from '../../../context/types.js';
import { endpointSheetPdf, endpointSheetXlsx, type EndpointSheetRow } from './endpointSheet.js';
import { orgErrors } from '../errors.js';
import type { OrgService } from '../OrgService.js';
import type { OneTimeFiles } from './OneTimeFiles.js';
import type { AuditActor, AuditLog } from '../../audit/index.js';

/**
 * Endpoints provisioned in bulk: new keys for a set of endpoints (every earlier key, device and
 * token of theirs is revoked at once), written only into a one-time endpoint sheet whose pairing
 * links the TVs open once.
 */
export class EndpointProvisioning {
  readonly #ctx: AppContext;
  readonly #org: OrgService;
  readonly #files: OneTimeFiles;
  readonly #audit: AuditLog;

  constructor(ctx: AppContext, deps: { org: OrgService; files: OneTimeFiles; audit: AuditLog }) {
    this.#org = deps.org;
    this.#files = deps.files;
    this.#audit = deps.audit;
    this.#ctx = ctx;
  }

  async issue(
    request: BulkEndpointKeysRequest,
    baseUrl: string,
    actor: AuditActor | null = null,
  ): Promise<EndpointSheet> {
    const org = this.#org;
    const wanted = request.endpointIds ? new Set(request.endpointIds) : undefined;
    // A district or "all" leaves archived endpoints out; naming one is refused (restore it first).
    const listed = await org.listEndpoints({
      ...(request.districtId && { districtId: request.districtId }),
      archived: wanted ? 'include' : 'exclude',
    });
    const chosen = wanted ? listed.filter((e) => wanted.has(e.id)) : listed;
    if (wanted && chosen.length !== wanted.size) throw orgErrors.someEndpointsMissing();
    const archived = chosen.filter((e) => e.archivedAt !== null).map((e) => e.id);
    if (archived.length > 0) throw orgErrors.archivedEndpointsSelected(archived);
    if (chosen.length === 0) throw orgErrors.emptySelection();
    // One entry for the batch (the keys exist only in the sheet; the log names the endpoints), written
    // before the first key changes so that a batch cut short by a crash is on record too.
    await this.#audit.record({
      actor,
      action: 'endpoint.key.bulkIssue',
      target: { type: 'endpoint', id: null },
      after: {
        count: chosen.length,
        districtId: request.districtId ?? null,
        endpointIds: chosen.map((e) => e.id),
      },
    });
    const rows: EndpointSheetRow[] = [];
    for (const endpoint of chosen) {
      const rotated = await org.rotateKey(endpoint.id, actor, { audited: false });
      rows.push({
        endpoint: endpoint.name,
        district: endpoint.districtName ?? '',
        commune: endpoint.unitName,
        pairingLink: `${baseUrl}/endpoint/pair#key=${rotated.endpointKey}`,
      });
    }
    const [xlsx, pdf] = await Promise.all([endpointSheetXlsx(rows), endpointSheetPdf(rows, 'Phiếu ghép nối điểm cầu')]);
    const saved = await this.#files.save({ xlsx, pdf });
    this.#ctx.log.info({ module: 'org', count: rows.length, sheetId: saved.id }, 'endpoint keys issued in bulk');
    return { sheetId: saved.id, count: rows.length, expiresAt: saved.expiresAt };
  }
}
