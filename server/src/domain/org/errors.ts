import type { ErrorBody, OrgUnitKind } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';

type Details = NonNullable<ErrorBody['details']>;

/** "in 3 minutes", "in 1 minute", for a wait given in seconds. */
const wait = (seconds: number) => {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
};

/**
 * Every error the org domain answers with (the tree, endpoints and their keys, members and their
 * PINs, the one-time sheets and the spreadsheet import): code and message defined once. Details
 * name the offending request field.
 */
export const orgErrors = {
  // ---- what is not there -----------------------------------------------------------------------
  unitNotFound: () => new AppError('NOT_FOUND', 'No such unit'),
  parentUnitNotFound: () => new AppError('NOT_FOUND', 'No such parent unit'),
  districtNotFound: () => new AppError('NOT_FOUND', 'No such district-level unit'),
  cellNotFound: () => new AppError('NOT_FOUND', 'No such Party cell'),
  endpointNotFound: () => new AppError('NOT_FOUND', 'No such endpoint'),
  memberNotFound: () => new AppError('NOT_FOUND', 'No such member'),
  pinBatchNotFound: () => new AppError('NOT_FOUND', 'No such PIN batch (batches are kept one hour)'),

  nothingToChange: () => new AppError('BAD_REQUEST', 'The change names no field to change'),

  // ---- the tree's shape --------------------------------------------------------------------------
  duplicateUnitCode: () =>
    new AppError('CONFLICT', 'A unit with this code exists', { details: [{ path: 'code', message: 'duplicate' }] }),
  unitNotEmpty: () => new AppError('CONFLICT', 'The unit still has units, endpoints or members'),
  provinceHasNoParent: () =>
    new AppError('BAD_REQUEST', 'A province has no parent', {
      details: [{ path: 'parentId', message: 'must be null' }],
    }),
  parentRequired: (kind: OrgUnitKind, wanted: OrgUnitKind) =>
    new AppError('BAD_REQUEST', `A ${kind} needs a ${wanted} parent`, {
      details: [{ path: 'parentId', message: 'required' }],
    }),
  wrongParentKind: (kind: OrgUnitKind, wanted: OrgUnitKind) =>
    new AppError('BAD_REQUEST', `A ${kind}'s parent is a ${wanted}`, {
      details: [{ path: 'parentId', message: `not a ${wanted}` }],
    }),
  /** `field` names the request field the unit came from (an update names `unitId`, creation none). */
  endpointNeedsCommune: (field?: 'unitId') =>
    new AppError(
      'BAD_REQUEST',
      'An endpoint belongs to a commune-level unit',
      field ? { details: [{ path: field, message: 'not a commune' }] } : undefined,
    ),
  memberNeedsCell: () =>
    new AppError('BAD_REQUEST', 'A member belongs to a Party cell', {
      details: [{ path: 'cellId', message: 'not a cell' }],
    }),

  // ---- endpoints and members ---------------------------------------------------------------------
  /** A delete refused for the records kept: `archivable` tells the client to offer archiving instead. */
  endpointHasSessions: () =>
    new AppError('CONFLICT', 'The endpoint was invited to sessions; its records are kept: archive it instead', {
      details: [{ path: 'id', message: 'archivable' }],
    }),
  duplicateMemberNumber: () =>
    new AppError('CONFLICT', 'A member with this number exists', {
      details: [{ path: 'memberNumber', message: 'duplicate' }],
    }),
  memberHasAttendance: () =>
    new AppError('CONFLICT', 'The member has attendance records; they are kept: archive the member instead', {
      details: [{ path: 'id', message: 'archivable' }],
    }),

  // ---- archiving ---------------------------------------------------------------------------------
  /** A sign-in or token of an archived member; said only after the PIN was right (no enumeration). */
  memberArchived: () =>
    new AppError('UNAUTHENTICATED', 'This member is archived and cannot sign in; ask the administrator', {
      details: [{ path: 'member', message: 'archived' }],
    }),
  /** A key, device credential or token of an archived endpoint. */
  endpointArchived: () =>
    new AppError('UNAUTHENTICATED', 'This endpoint is archived and cannot sign in; ask the administrator', {
      details: [{ path: 'endpoint', message: 'archived' }],
    }),
  /** An admin action (a PIN, a key, archiving twice) on an archived one: restore it first. */
  memberIsArchived: () =>
    new AppError('CONFLICT', 'The member is archived; restore the member first', {
      details: [{ path: 'id', message: 'archived' }],
    }),
  endpointIsArchived: () =>
    new AppError('CONFLICT', 'The endpoint is archived; restore it first', {
      details: [{ path: 'id', message: 'archived' }],
    }),
  memberNotArchived: () =>
    new AppError('CONFLICT', 'The member is not archived', { details: [{ path: 'id', message: 'not_archived' }] }),
  endpointNotArchived: () =>
    new AppError('CONFLICT', 'The endpoint is not archived', { details: [{ path: 'id', message: 'not_archived' }] }),
  /** A bulk key issue naming archived endpoints (a district or "all" leaves them out by itself). */
  archivedEndpointsSelected: (endpointIds: readonly string[]) =>
    new AppError('CONFLICT', 'Some of these endpoints are archived; restore them first', {
      details: endpointIds.slice(0, 20).map((id) => ({ path: 'endpointIds', message: `archived:${id}` })),
    }),

  // ---- keys and PINs -----------------------------------------------------------------------------
  keyRotated: () => new AppError('UNAUTHENTICATED', 'The endpoint key was rotated; sign in with the new key'),
  wrongCurrentPin: () => new AppError('UNAUTHENTICATED', 'The current PIN is wrong'),
  pinReissued: () => new AppError('CONFLICT', 'The PIN was re-issued meanwhile; sign in with the new slip'),
  /** The PIN change counts against the sign-in limits (auth/signInLimiter.ts): 429 with Retry-After. */
  tooManyPinTries: (retryAfterSeconds: number) =>
    new AppError('RATE_LIMITED', `Too many wrong PINs; try again ${wait(retryAfterSeconds)}`, { retryAfterSeconds }),
  pinLocked: (retryAfterSeconds: number) =>
    new AppError(
      'RATE_LIMITED',
      `This PIN is locked after too many wrong tries: ask for a new PIN slip (or try again ${wait(retryAfterSeconds)})`,
      { retryAfterSeconds, details: [{ path: 'currentPin', message: 'locked' }] },
    ),

  // ---- one-time sheets ---------------------------------------------------------------------------
  someEndpointsMissing: () => new AppError('NOT_FOUND', 'Some of these endpoints do not exist'),
  emptySelection: () => new AppError('NOT_FOUND', 'No endpoint in this selection'),
  malformedSheetId: () => new AppError('BAD_REQUEST', 'Malformed sheet id'),
  sheetGone: () => new AppError('NOT_FOUND', 'This sheet was already downloaded or has expired; issue the keys again'),

  // ---- spreadsheet import ------------------------------------------------------------------------
  notASpreadsheet: (ext: string, mime: string) =>
    new AppError('UNSUPPORTED_MEDIA_TYPE', `Upload a CSV (UTF-8) or XLSX file, not ${ext}`, {
      details: [{ path: 'file', message: `detected ${mime}` }],
    }),
  csvNotUtf8: () =>
    new AppError('UNSUPPORTED_MEDIA_TYPE', 'A CSV file must be UTF-8 text (save as "CSV UTF-8")', {
      details: [{ path: 'file', message: 'not_utf8' }],
    }),
  /** `line`: the CSV line the parser stopped at, when it tells. */
  unreadableCsv: (reason: string, line?: number) =>
    new AppError('BAD_REQUEST', `The CSV file cannot be read: ${reason}`, {
      details: [{ path: line ? `row.${line}` : 'file', message: 'malformed_csv' }],
    }),
  unreadableXlsx: () =>
    new AppError('BAD_REQUEST', 'The file is not a readable XLSX workbook', {
      details: [{ path: 'file', message: 'malformed_xlsx' }],
    }),
  tooManyRows: (maxRows: number) =>
    new AppError('BAD_REQUEST', `At most ${maxRows} rows per file; split the file`, {
      details: [{ path: 'file', message: 'too_many_rows' }],
    }),
  /** `details` lists the bad cells (the caller caps them); nothing of the file is imported. */
  badRows: (rowCount: number, details: Details) =>
    new AppError('BAD_REQUEST', `${rowCount} row(s) have errors; nothing was imported`, { details }),
} satisfies Record<string, (...args: never[]) => AppError>;
