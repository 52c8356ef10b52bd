import { API, type RangeReportRequest } from '@diem-cau/shared';
import { api, apiDownload } from '../../lib/api';

/** The REST calls of the dashboards, with the staff token; errors carry the server's code (lib/api's ApiError). */
export const reportsApi = {
  sessions: (token: string) => api(API.sessions.list, { token }),
  districts: (token: string) => api(API.org.listUnits, { query: { kind: 'district' }, token }),
  live: (token: string, sessionId: string, districtId: string | null) =>
    api(API.reports.live, { params: { sessionId }, query: { districtId: districtId ?? undefined }, token }),
  requestSession: (token: string, sessionId: string, districtId: string | null) =>
    api(API.reports.requestSession, { params: { sessionId }, body: districtId ? { districtId } : {}, token }),
  requestRange: (token: string, body: RangeReportRequest) => api(API.reports.requestRange, { body, token }),
  info: (token: string, id: string) => api(API.reports.info, { params: { id }, token }),
  result: (token: string, id: string) => api(API.reports.result, { params: { id }, token }),
  linkTimeline: (token: string, sessionId: string, endpointId: string) =>
    api(API.reports.linkTimeline, { params: { sessionId, endpointId }, token }),
};

/** Downloads a report: the workbook, or one table as CSV (a plain link cannot carry the bearer token). */
export function downloadReport(
  token: string,
  reportId: string,
  format: 'xlsx' | 'csv',
  table: string,
  fileName: string,
): Promise<void> {
  return format === 'xlsx'
    ? apiDownload(API.reports.exportXlsx, { params: { id: reportId }, token }, fileName)
    : apiDownload(API.reports.exportCsv, { params: { id: reportId }, query: { table }, token }, fileName);
}
