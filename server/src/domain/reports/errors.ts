import type { ReportStatus } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';

/**
 * Every error the reports domain answers with: code and message defined once. An unknown district
 * is the org domain's error (`orgErrors.districtNotFound`).
 */
export const reportErrors = {
  notFound: () => new AppError('NOT_FOUND', 'No such report'),
  noSuchTable: () => new AppError('NOT_FOUND', 'The report has no such table'),
  notVisible: () => new AppError('FORBIDDEN', 'This report is not yours to see'),
  notManager: () => new AppError('FORBIDDEN', 'Only the session host or an admin may see its reports'),
  rangeAdminOnly: () => new AppError('FORBIDDEN', 'Only an admin may ask for province-wide reports'),
  /** The endpoint was neither invited to the session nor took part in it. */
  endpointNotInSession: () => new AppError('NOT_FOUND', 'That endpoint has no record in this session'),
  sessionNotStarted: () => new AppError('CONFLICT', 'The session has not started: there is nothing to report yet'),
  /** The report is queued, running or failed: it has no result to give. */
  notReady: (status: ReportStatus) => new AppError('CONFLICT', `The report is ${status}`),
} satisfies Record<string, (...args: never[]) => AppError>;
