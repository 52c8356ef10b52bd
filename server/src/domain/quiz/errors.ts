import type { ErrorBody, ErrorCode } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';

type Details = NonNullable<ErrorBody['details']>;

/**
 * Every error the quiz domain gives a client, each code and message defined once here. Messages that
 * name a value (a count, a reason) take it as an argument; details name the offending field.
 */
const fail = (code: ErrorCode, message: string, details?: Details): AppError =>
  new AppError(code, message, details ? { details } : undefined);

export const quizErrors = {
  // ---- who may act -----------------------------------------------------------------------------
  notManager: () => fail('FORBIDDEN', 'Only the session host or an admin may manage its quiz'),
  notCheckedIn: () => fail('FORBIDDEN', 'Only members checked in to this session may answer'),
  makeupForMembers: () => fail('FORBIDDEN', 'The make-up quiz is for members'),
  tokenForOtherSession: () => fail('FORBIDDEN', 'This token is for another session'),
  attemptOfOtherMember: () => fail('FORBIDDEN', 'This attempt belongs to another member'),

  // ---- what is not there -----------------------------------------------------------------------
  questionNotFound: () => fail('NOT_FOUND', 'No such question in this session'),
  runNotFound: () => fail('NOT_FOUND', 'No such question run in this session'),
  attemptNotFound: () => fail('NOT_FOUND', 'No such attempt'),
  attemptQuestionNotFound: () => fail('NOT_FOUND', 'No such question in this attempt'),
  unknownMembers: () => fail('NOT_FOUND', 'Unknown members'),

  // ---- live runs -------------------------------------------------------------------------------
  sessionNotLive: () => fail('CONFLICT', 'Questions are launched in a live session'),
  alreadyRevealed: () => fail('CONFLICT', 'The answer was already revealed'),
  superseded: () => fail('CONFLICT', 'A newer question replaced this one; it cannot be reopened'),
  launchedMeanwhile: () => fail('CONFLICT', 'Another question was launched at the same moment; try again'),
  deadlinePassed: () => fail('DEADLINE_PASSED', 'The question is closed'),
  teamAnswerNotStored: () => fail('INTERNAL', 'Team answer not stored'),

  // ---- make-up quiz ----------------------------------------------------------------------------
  /** Not eligible: FORBIDDEN for a member who attended, CONFLICT for every other reason. */
  makeupUnavailable: (reason: string | null) =>
    fail(reason === 'attended' ? 'FORBIDDEN' : 'CONFLICT', `Make-up quiz unavailable: ${reason}`),
  attemptRaced: () => fail('CONFLICT', 'Another attempt was started meanwhile'),
  attemptFinished: () => fail('CONFLICT', 'This attempt is finished'),
  makeupAnswerNotStored: () => fail('INTERNAL', 'Make-up answer not stored'),

  // ---- answers ---------------------------------------------------------------------------------
  textExpected: () =>
    fail('BAD_REQUEST', 'A short-answer question takes a text', [{ path: 'answer', message: 'expected { text }' }]),
  choiceExpected: () =>
    fail('BAD_REQUEST', 'A choice question takes option indexes', [{ path: 'answer', message: 'expected { choice }' }]),
  noSuchOption: (optionCount: number) =>
    fail('BAD_REQUEST', 'No such option', [{ path: 'answer.choice', message: `options are 0–${optionCount - 1}` }]),
  chooseOne: () =>
    fail('BAD_REQUEST', 'Choose exactly one option', [{ path: 'answer.choice', message: 'exactly one option' }]),

  // ---- the bank and its spreadsheets -----------------------------------------------------------
  badOrder: () =>
    fail('BAD_REQUEST', 'The order must list every question of the bank once', [
      { path: 'ids', message: 'every question id exactly once' },
    ]),
  notMultipart: () => fail('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data, field "file"'),
  fileTooLarge: () => fail('PAYLOAD_TOO_LARGE', 'The file is larger than 2 MB'),
  uploadRefused: (multerCode: string) => fail('BAD_REQUEST', `Upload refused: ${multerCode}`),
  malformedUpload: () => fail('BAD_REQUEST', 'Malformed upload'),
  noFile: () => fail('BAD_REQUEST', 'No file in field "file"', [{ path: 'file', message: 'required' }]),
  notXlsx: () => fail('UNSUPPORTED_MEDIA_TYPE', 'The .xlsx file is not an XLSX workbook'),
  csvNotUtf8: () => fail('UNSUPPORTED_MEDIA_TYPE', 'The .csv file must be UTF-8 text'),
  unsupportedFile: () => fail('UNSUPPORTED_MEDIA_TYPE', 'Upload an .xlsx or .csv file'),
  unreadableXlsx: () =>
    fail('BAD_REQUEST', 'The file is not a readable XLSX workbook', [{ path: 'file', message: 'malformed_xlsx' }]),
  /** `line`: where the record the CSV parser stopped at begins. */
  unreadableCsv: (line: number, reason: string) =>
    fail('BAD_REQUEST', `The CSV file cannot be read from line ${line}: ${reason}`, [
      { path: `row.${line}`, message: 'malformed_csv' },
    ]),
  emptyFile: () => fail('BAD_REQUEST', 'The file has no rows', [{ path: 'file', message: 'empty' }]),
  missingColumns: (details: Details) => fail('BAD_REQUEST', 'Missing columns', details),
  noQuestions: () => fail('BAD_REQUEST', 'The file has no questions', [{ path: 'file', message: 'no_rows' }]),
  tooManyRows: (max: number) =>
    fail('BAD_REQUEST', `At most ${max} questions per file`, [{ path: 'file', message: 'too_many_rows' }]),
  /** Every bad cell in `details` (the first 200); nothing of the file is imported. */
  badRows: (rowCount: number, details: Details) =>
    fail('BAD_REQUEST', `${rowCount} rows have errors; nothing was imported`, details.slice(0, 200)),
} satisfies Record<string, (...args: never[]) => AppError>;

export type QuizErrorName = keyof typeof quizErrors;
