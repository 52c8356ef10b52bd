import type { ErrorBody, OrgUnit, RangeReportRequest, ReportInfo, ReportResult, Session, SessionReport } from '@diem-cau/shared';
import { RequestError } from '../../lib/socket';

/** Calls the REST API with the staff token; errors carry the server's code. */
export async function staffApi<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = (data as { error?: ErrorBody }).error;
    throw new RequestError(error?.code ?? 'INTERNAL', error?.message ?? `HTTP ${response.status}`);
  }
  return data as T;
}

export const reportsApi = {
  sessions: (token: string) => staffApi<Session[]>(token, 'GET', '/sessions'),
  districts: (token: string) => staffApi<OrgUnit[]>(token, 'GET', '/org/units?kind=district'),
  live: (token: string, sessionId: string, districtId: string | null) =>
    staffApi<SessionReport>(token, 'GET', `/reports/sessions/${encodeURIComponent(sessionId)}/live${districtId ? `?districtId=${encodeURIComponent(districtId)}` : ''}`),
  requestSession: (token: string, sessionId: string, districtId: string | null) =>
    staffApi<ReportInfo>(token, 'POST', `/reports/sessions/${encodeURIComponent(sessionId)}`, districtId ? { districtId } : {}),
  requestRange: (token: string, body: RangeReportRequest) => staffApi<ReportInfo>(token, 'POST', '/reports/range', body),
  info: (token: string, id: string) => staffApi<ReportInfo>(token, 'GET', `/reports/${encodeURIComponent(id)}`),
  result: (token: string, id: string) => staffApi<ReportResult>(token, 'GET', `/reports/${encodeURIComponent(id)}/result`),
};

/** Path of a report's download: the workbook, or one table as CSV. */
export function exportPath(reportId: string, format: 'xlsx' | 'csv', table: string): string {
  const base = `/reports/${encodeURIComponent(reportId)}`;
  return format === 'xlsx' ? `${base}/export.xlsx` : `${base}/export.csv?table=${encodeURIComponent(table)}`;
}

/** Downloads a file from the API (a plain link cannot carry the bearer token). */
export async function downloadFile(token: string, path: string, fileName: string): Promise<void> {
  const response = await fetch(`/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new RequestError('INTERNAL', `HTTP ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
