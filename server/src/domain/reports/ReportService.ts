import { createHash } from 'node:crypto';
import type {
  Identity,
  LinkTimeline,
  RangeReportRequest,
  ReportInfo,
  ReportResult,
  SessionReport,
} from '@diem-cau/shared';
import { jobQueues, JOB_NAMES } from '../../jobs/index.js';
import type { AppContext } from '../../context/types.js';
import { loadSessionReportInput, sessionDataVersion, sessionsStartedBetween } from './reportData.js';
import { ReportStore, type ReportRow } from './reportStore.js';
import { computeSessionReport } from './sessionReport.js';
import { reportErrors } from './errors.js';
import { toLinkMinute } from './linkQuality.js';
import { linkQueries } from '../broadcast/index.js';
import { orgErrors, orgQueries } from '../org/index.js';
import { sessionQueries, type SessionService } from '../sessions/index.js';

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

  constructor(ctx: AppContext, deps: { sessions: SessionService }) {
    this.#sessions = deps.sessions;
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

  async file(
    actor: Identity,
    id: string,
    format: 'xlsx' | 'csv',
    table: string,
  ): Promise<{ filename: string; content: Buffer }> {
    const row = await this.#requireVisible(actor, id);
    if (row.status !== 'done') throw reportErrors.notReady(row.status);
    const file = await this.#store.getFile(id, format, format === 'xlsx' ? '' : table);
    if (!file) throw reportErrors.noSuchTable();
    return file;
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
