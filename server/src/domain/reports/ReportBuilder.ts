import { z } from 'zod';
import type { ReportResult, SessionReport } from '@diem-cau/shared';
import { openFileStore } from '../../files/folderFileStore.js';
import type { JobDeps } from '../../jobs/index.js';
import { reportEvents } from './events.js';
import { reportFileKey } from './moveToFiles.js';
import { tablesToXlsx, tableToCsv } from './exporters.js';
import { reportTables } from './exportTables.js';
import { computeRangeReport } from './rangeReport.js';
import { loadSessionInfo, loadSessionReportInput, sessionsStartedBetween } from './reportData.js';
import { ReportStore, type ReportRow } from './reportStore.js';
import { computeSessionReport } from './sessionReport.js';

/** Raised for a report that can never be built (bad or vanished parameters): no retry helps. */
export class ReportInputError extends Error {}

const sessionParamsSchema = z.object({ sessionId: z.string().min(1), districtId: z.string().nullable().default(null) });
const rangeParamsSchema = z.object({
  from: z.string(),
  to: z.string(),
  districtId: z.string().nullable().default(null),
});

export interface BuildHooks {
  /** Progress 0–100, reported to the job and the store. */
  progress(value: number): Promise<void>;
  /** Test hook: wait between steps (lets a test kill a worker mid-way). */
  pauseMs?: number;
}

const graceMs = (deps: JobDeps): number => deps.config.attendance.graceSeconds * 1000;

const pause = (ms: number | undefined): Promise<void> =>
  ms ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();

async function buildSession(deps: JobDeps, row: ReportRow, hooks: BuildHooks): Promise<SessionReport> {
  const params = sessionParamsSchema.safeParse(JSON.parse(row.params_json));
  if (!params.success) throw new ReportInputError('malformed session report parameters');
  const session = await loadSessionInfo(deps.db, params.data.sessionId);
  if (!session) throw new ReportInputError('the session no longer exists');
  const input = await loadSessionReportInput(deps.db, session, params.data.districtId, graceMs(deps));
  await hooks.progress(30);
  await pause(hooks.pauseMs);
  return computeSessionReport(input, Date.now());
}

async function buildRange(deps: JobDeps, row: ReportRow, hooks: BuildHooks): Promise<ReportResult> {
  const params = rangeParamsSchema.safeParse(JSON.parse(row.params_json));
  if (!params.success) throw new ReportInputError('malformed range report parameters');
  const { from, to, districtId } = params.data;
  const sessions = await sessionsStartedBetween(deps.db, from, to);
  const reports: SessionReport[] = [];
  for (const [i, s] of sessions.entries()) {
    reports.push(computeSessionReport(await loadSessionReportInput(deps.db, s, districtId, graceMs(deps)), Date.now()));
    await hooks.progress(5 + Math.floor((60 * (i + 1)) / sessions.length));
    await pause(hooks.pauseMs);
  }
  return computeRangeReport({ from, to, districtId }, reports, Date.now());
}

function fileStem(result: ReportResult): string {
  if (result.kind === 'session') return `bao-cao-hoi-nghi-${result.session.id.slice(0, 8)}`;
  return `bao-cao-tong-hop-${result.from.slice(0, 10)}-${result.to.slice(0, 10)}`;
}

/**
 * Builds a stored report: marks it running, computes it, builds the XLSX workbook and one CSV per
 * table, writes the files to the file store and then result and file rows in one transaction, then
 * announces `report.ready` to webhooks.
 * Safe to run again after a crash: the result is rewritten whole.
 */
export async function buildReport(deps: JobDeps, reportId: string, hooks: BuildHooks): Promise<void> {
  const store = new ReportStore(deps.db);
  const row = await store.get(reportId);
  if (!row) throw new ReportInputError(`no report ${reportId}`);
  if (row.status === 'done') return;
  await store.markRunning(reportId);
  const progress = async (value: number): Promise<void> => {
    await store.setProgress(reportId, value);
    await hooks.progress(value);
  };
  await progress(5);
  await pause(hooks.pauseMs);

  const result =
    row.kind === 'session'
      ? await buildSession(deps, row, { ...hooks, progress })
      : await buildRange(deps, row, { ...hooks, progress });
  await progress(70);
  await pause(hooks.pauseMs);

  const tables = reportTables(result);
  const stem = fileStem(result);
  const title =
    result.kind === 'session'
      ? result.session.title
      : `Tổng hợp ${result.from.slice(0, 10)} – ${result.to.slice(0, 10)}`;
  const built = [
    { format: 'xlsx' as const, tableKey: '', filename: `${stem}.xlsx`, content: await tablesToXlsx(tables, { title }) },
    ...tables.map((t) => ({
      format: 'csv' as const,
      tableKey: t.key,
      filename: `${stem}-${t.key}.csv`,
      content: tableToCsv(t),
    })),
  ];
  await progress(90);
  // Into the file store first (a rerun writes the same keys again), then the rows in one transaction.
  const fileStore = openFileStore(deps.config);
  const files = [];
  for (const { content, ...file } of built) {
    const key = reportFileKey(reportId, file.format, file.tableKey);
    files.push({ ...file, stored: await fileStore.put(key, [content], { expectedBytes: content.length }) });
  }
  await store.complete(reportId, JSON.stringify(result), files);
  await hooks.progress(100);
  deps.log.info({ reportId, kind: row.kind }, 'report built');

  await reportEvents.ready(deps, {
    reportId,
    kind: row.kind,
    sessionId: row.session_id,
    files: files.map((f) => f.filename),
  });
}
