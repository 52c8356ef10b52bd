import { API, type AuditFilter } from '@diem-cau/shared';
import { api, apiDownload } from '../../lib/api';

export const auditApi = {
  list: (token: string, filter: AuditFilter, page: { limit: number; offset: number }) =>
    api(API.audit.list, { query: { ...filter, ...page }, token }),
  download: (token: string, filter: AuditFilter, format: 'csv' | 'xlsx') =>
    apiDownload(API.audit.export, { query: { ...filter, format }, token }, `nhat-ky-thay-doi.${format}`),
};
