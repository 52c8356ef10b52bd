import { createHash } from 'node:crypto';
import type {
  Identity,
  LinkTimeline,
  RangeReportRequest,
  ReportInfo,
  ReportResult,
  SessionReport,
} from '@diem-cau/shared';
import { Readable } from 'node:stream';
import { jobQueues, JOB_NAMES } from '../../jobs/index.js';
import type { AppContext } from '../../context/types.js';
import type { ByteRange, FileStore } from '../../files/fileStore.js';
import { loadSessionReportInput, sessionDataVersion, sessionsStartedBetween } from './reportData.js';
import { ReportStore, type ReportRow } from './reportStore.js';
import { computeSessionReport } from './sessionReport.js';
import { reportErrors } from './errors.js';
import { toLinkMinute } from './linkQuality.js';
import { linkQueries } from '../broadcast/index.js';
import { orgErrors, orgQueries } from '../org/index.js';
import { sessionQueries, type SessionService } from '../sessions/index.js';

/** An export to send: its name, size, digest and when it was built, and its bytes to open whole or by range. */
export interface ReportFileDownload {
  filename: string;
  createdAt: Date;
  sizeBytes: number;
  sha256: string;
  open(range?: ByteRange): Promise<Readable>;
}

const sha = (text: string, length = 16): string => createHash('sha256').update(text).digest('hex').slice(0, length);

/**
 * Reports for the REST routes: asks for a report (one job per report id, so asking twice builds
 * once), tells its status and progress, serves its result and files, and computes live figures.
 * Admins see every report; a host sees the reports of the sessions it manages.
 */
export class ReportService {
  readonly #ctx: AppContext;
  readonly #store: ReportStore;
  readonly #sessions: SessionService;
  readonly #files: FileStore;

  constructor(ctx: AppContext, deps: { sessions: SessionService; files: FileStore }) {
    this.#sessions = deps.sessions;
    this.#files = deps.files;
    this.#ctx = ctx;
    this.#store = new ReportStore(ctx.db);
  }

  async requestSessionReport(actor: Identity, sessionId: string, districtId: string | null): Promise<ReportInfo> {
    const session = await this.#requireManagedSession(actor, sessionId);
    if (!session.startedAt) throw reportErrors.sessionNotStarted();
    const version = await sessionDataVersion(this.#ctx.db, sessionId, Date.now());
    const scope = districtId ? sha(districtId, 8) : 'all';
    const id = `report.session.${sessionId}.${sha(`${version}.${scope}`)}`;
    return this.#enqueue({
      id,
      kind: 'session',
      sessionId,
      params: { sessionId, districtId },
      dataVersion: version,
      requestedBy: actor.subject,
    });
  }

  async requestRangeReport(actor: Identity, input: RangeReportRequest): Promise<ReportInfo> {
    if (actor.role !== 'admin') throw reportErrors.rangeAdminOnly();
    const from = new Date(input.from).toISOString();
    const to = new Date(input.to).toISOString();
    const districtId = input.districtId ?? null;
    if (districtId) {
      if ((await orgQueries.unitKind(this.#ctx.db, districtId)) !== 'district') throw orgErrors.districtNotFound();
    }
    const now = Date.now();
    const sessions = await sessionsStartedBetween(this.#ctx.db, from, to);
    const versions = await Promise.all(
      sessions.map(async (s) => `${s.id}:${await sessionDataVersion(this.#ctx.db, s.id, now)}`),
    );
    const paramsKey = sha(JSON.stringify([from, to, districtId]));
    const version = sha(versions.join(','));
    return this.#enqueue({
      id: `report.range.${paramsKey}.${version}`,
      kind: 'range',
      sessionId: null,
      params: { from, to, districtId },
      dataVersion: version,
      requestedBy: actor.subject,
    });
  }

  async #enqueue(row: Parameters<ReportStore['ensure']>[0]): Promise<ReportInfo> {
    let stored = await this.#store.ensure(row);
    if (stored.status === 'done') return this.#store.info(stored);
    const queue = jobQueues(this.#ctx).reports;
    if (stored.status === 'failed') {
      // Asked again after it gave up: the same job id starts over.
      const old = await queue.getJob(row.id);
      if (old && (await old.isFailed())) await old.remove();
      await this.#store.requeue(row.id);
      stored = (await this.#store.get(row.id)) ?? stored;
    }
    await queue.add(JOB_NAMES.buildReport, { reportId: row.id }, { jobId: row.id });
    return this.#store.info(stored);
  }

  async info(actor: Identity, id: string): Promise<ReportInfo> {
    const row = await this.#requireVisible(actor, id);
    return this.#store.info(row);
  }

  async result(actor: Identity, id: string): Promise<ReportResult> {
    const row = await this.#requireVisible(actor, id);
    if (row.status !== 'done' || !row.result_json) throw reportErrors.notReady(row.status);
    return JSON.parse(row.result_json) as ReportResult;
  }

  /**
   * An export file of a done report: its name, size and digest, and how to open its bytes (from the
   * file store, or from its row until the start-up step moved it there).
   */
  async file(actor: Identity, id: string, format: 'xlsx' | 'csv', table: string): Promise<ReportFileDownload> {
    const row = await this.#requireVisible(actor, id);
    if (row.status !== 'done') throw reportErrors.notReady(row.status);
    const tableKey = format === 'xlsx' ? '' : table;
    const file = await this.#store.getFile(id, format, tableKey);
    if (!file) throw reportErrors.noSuchTable();
    const base = { filename: file.filename, createdAt: new Date(file.created_at) };
    const key = file.storage_key;
    if (key && file.size_bytes !== null && file.sha256 !== null)
      return { ...base, sizeBytes: file.size_bytes, sha256: file.sha256, open: (range) => this.#files.get(key, range) };
    const bytes = file.content;
    return {
      ...base,
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      open: (range) => Promise.resolve(Readable.from([range ? bytes.subarray(range.start, range.end + 1) : bytes])),
    };
  }

  async list(actor: Identity, filter: { kind?: ReportRow['kind']; sessionId?: string }): Promise<ReportInfo[]> {
    let rows: ReportRow[];
    if (actor.role === 'admin') rows = await this.#store.list(filter);
    else {
      const own = await sessionQueries.sessionIdsHostedBy(this.#ctx.db, actor.subject);
      rows = await this.#store.list({ ...filter, kind: 'session', sessionIds: own });
    }
    return Promise.all(rows.map((r) => this.#store.info(r)));
  }

  /** Figures computed now, for the dashboard while the session runs (not stored). */
  async live(actor: Identity, sessionId: string, districtId: string | null): Promise<SessionReport> {
    const session = await this.#requireManagedSession(actor, sessionId);
    const input = await loadSessionReportInput(
      this.#ctx.db,
      {
        id: session.id,
        title: session.title,
        status: session.status,
        startedAt: session.startedAt,
        endedAt: session.endedAt,
        attendanceThreshold: session.attendanceThreshold,
      },
      districtId,
      this.#ctx.config.attendance.graceSeconds * 1000,
    );
    return computeSessionReport(input, Date.now());
  }

  /** One endpoint's link quality record minute by minute, for the session's host or an admin. */
  async linkTimeline(actor: Identity, sessionId: string, endpointId: string): Promise<LinkTimeline> {
    await this.#requireManagedSession(actor, sessionId);
    const db = this.#ctx.db;
    const [place, invited, minutes, periods] = await Promise.all([
      orgQueries.endpointPlaces(db, [endpointId]),
      sessionQueries.invitedEndpointIds(db, sessionId),
      linkQueries.linkMinutes(db, sessionId, endpointId),
      linkQueries.linkPeriods(db, sessionId, endpointId),
    ]);
    const endpoint = place[0];
    if (!endpoint || (!invited.includes(endpointId) && minutes.length === 0 && periods.length === 0))
      throw reportErrors.endpointNotInSession();
    return {
      sessionId,
      endpointId,
      endpointName: endpoint.name,
      communeName: endpoint.communeName,
      minutes: minutes.map(toLinkMinute),
      periods: periods.map(({ endpointId: _e, ...p }) => p),
    };
  }

  async #requireManagedSession(actor: Identity, sessionId: string) {
    const sessions = this.#sessions;
    const session = await sessions.requireSession(sessionId);
    if (!sessions.canManage(actor, session)) throw reportErrors.notManager();
    return session;
  }

  async #requireVisible(actor: Identity, id: string): Promise<ReportRow> {
    const row = await this.#store.get(id);
    if (!row) throw reportErrors.notFound();
    if (actor.role === 'admin') return row;
    if (row.kind === 'session' && row.session_id) {
      const session = await this.#sessions.getSession(row.session_id);
      if (session && this.#sessions.canManage(actor, session)) return row;
    }
    throw reportErrors.notVisible();
  }
}
