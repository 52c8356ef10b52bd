import type { OrgUnit, RangeReportRequest, ReportInfo, ReportResult, Session, SessionReport } from '@diem-cau/shared';
import { apiDownload, authedApi } from '../../lib/api';

/** Calls the REST API with the staff token; errors carry the server's code (lib/api's ApiError). */
export const staffApi = authedApi;

export const reportsApi = {
  sessions: (token: string) => staffApi<Session[]>(token, 'GET', '/sessions'),
  districts: (token: string) => staffApi<OrgUnit[]>(token, 'GET', '/org/units?kind=district'),
  live: (token: string, sessionId: string, districtId: string | null) =>
    staffApi<SessionReport>(
      token,
      'GET',
      `/reports/sessions/${encodeURIComponent(sessionId)}/live${districtId ? `?districtId=${encodeURIComponent(districtId)}` : ''}`,
    ),
  requestSession: (token: string, sessionId: string, districtId: string | null) =>
    staffApi<ReportInfo>(
      token,
      'POST',
      `/reports/sessions/${encodeURIComponent(sessionId)}`,
      districtId ? { districtId } : {},
    ),
  requestRange: (token: string, body: RangeReportRequest) =>
    staffApi<ReportInfo>(token, 'POST', '/reports/range', body),
  info: (token: string, id: string) => staffApi<ReportInfo>(token, 'GET', `/reports/${encodeURIComponent(id)}`),
  result: (token: string, id: string) =>
    staffApi<ReportResult>(token, 'GET', `/reports/${encodeURIComponent(id)}/result`),
};

/** Path of a report's download: the workbook, or one table as CSV. */
export function exportPath(reportId: string, format: 'xlsx' | 'csv', table: string): string {
  const base = `/reports/${encodeURIComponent(reportId)}`;
  return format === 'xlsx' ? `${base}/export.xlsx` : `${base}/export.csv?table=${encodeURIComponent(table)}`;
}

/** Downloads a file from the API (a plain link cannot carry the bearer token). */
export function downloadFile(token: string, path: string, fileName: string): Promise<void> {
  return apiDownload(path, token, fileName);
}
