import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError, HTTP_STATUS } from '../../errors/AppError.js';
import { quizErrors, type QuizErrorName } from './errors.js';

type Expected = { make: () => AppError; code: string; status: number; message: string; details?: unknown };

const rowDetails = [{ path: 'row 3.answer', message: 'bad_answer' }];

/** Every named error of the quiz: its code, HTTP status, message and details. */
const EXPECTED: Record<QuizErrorName, Expected> = {
  notManager: {
    make: () => quizErrors.notManager(),
    code: 'FORBIDDEN',
    status: 403,
    message: 'Only the session host or an admin may manage its quiz',
  },
  notCheckedIn: {
    make: () => quizErrors.notCheckedIn(),
    code: 'FORBIDDEN',
    status: 403,
    message: 'Only members checked in to this session may answer',
  },
  makeupForMembers: {
    make: () => quizErrors.makeupForMembers(),
    code: 'FORBIDDEN',
    status: 403,
    message: 'The make-up quiz is for members',
  },
  tokenForOtherSession: {
    make: () => quizErrors.tokenForOtherSession(),
    code: 'FORBIDDEN',
    status: 403,
    message: 'This token is for another session',
  },
  attemptOfOtherMember: {
    make: () => quizErrors.attemptOfOtherMember(),
    code: 'FORBIDDEN',
    status: 403,
    message: 'This attempt belongs to another member',
  },
  questionNotFound: {
    make: () => quizErrors.questionNotFound(),
    code: 'NOT_FOUND',
    status: 404,
    message: 'No such question in this session',
  },
  runNotFound: {
    make: () => quizErrors.runNotFound(),
    code: 'NOT_FOUND',
    status: 404,
    message: 'No such question run in this session',
  },
  attemptNotFound: {
    make: () => quizErrors.attemptNotFound(),
    code: 'NOT_FOUND',
    status: 404,
    message: 'No such attempt',
  },
  attemptQuestionNotFound: {
    make: () => quizErrors.attemptQuestionNotFound(),
    code: 'NOT_FOUND',
    status: 404,
    message: 'No such question in this attempt',
  },
  unknownMembers: {
    make: () => quizErrors.unknownMembers(),
    code: 'NOT_FOUND',
    status: 404,
    message: 'Unknown members',
  },
  sessionNotLive: {
    make: () => quizErrors.sessionNotLive(),
    code: 'CONFLICT',
    status: 409,
    message: 'Questions are launched in a live session',
  },
  alreadyRevealed: {
    make: () => quizErrors.alreadyRevealed(),
    code: 'CONFLICT',
    status: 409,
    message: 'The answer was already revealed',
  },
  superseded: {
    make: () => quizErrors.superseded(),
    code: 'CONFLICT',
    status: 409,
    message: 'A newer question replaced this one; it cannot be reopened',
  },
  launchedMeanwhile: {
    make: () => quizErrors.launchedMeanwhile(),
    code: 'CONFLICT',
    status: 409,
    message: 'Another question was launched at the same moment; try again',
  },
  deadlinePassed: {
    make: () => quizErrors.deadlinePassed(),
    code: 'DEADLINE_PASSED',
    status: 409,
    message: 'The question is closed',
  },
  teamAnswerNotStored: {
    make: () => quizErrors.teamAnswerNotStored(),
    code: 'INTERNAL',
    status: 500,
    message: 'Team answer not stored',
  },
  makeupUnavailable: {
    make: () => quizErrors.makeupUnavailable('disabled'),
    code: 'CONFLICT',
    status: 409,
    message: 'Make-up quiz unavailable: disabled',
  },
  attemptRaced: {
    make: () => quizErrors.attemptRaced(),
    code: 'CONFLICT',
    status: 409,
    message: 'Another attempt was started meanwhile',
  },
  attemptFinished: {
    make: () => quizErrors.attemptFinished(),
    code: 'CONFLICT',
    status: 409,
    message: 'This attempt is finished',
  },
  makeupAnswerNotStored: {
    make: () => quizErrors.makeupAnswerNotStored(),
    code: 'INTERNAL',
    status: 500,
    message: 'Make-up answer not stored',
  },
  textExpected: {
    make: () => quizErrors.textExpected(),
    code: 'BAD_REQUEST',
    status: 400,
    message: 'A short-answer question takes a text',
    details: [{ path: 'answer', message: 'expected { text }' }],
  },
  choiceExpected: {
    make: () => quizErrors.choiceExpected(),
    code: 'BAD_REQUEST',
    status: 400,
    message: 'A choice question takes option indexes',
    details: [{ path: 'answer', message: 'expected { choice }' }],
  },
  noSuchOption: {
    make: () => quizErrors.noSuchOption(4),
    code: 'BAD_REQUEST',
    status: 400,
    message: 'No such option',
    details: [{ path: 'answer.choice', message: 'options are 0–3' }],
  },
  chooseOne: {
    make: () => quizErrors.chooseOne(),
    code: 'BAD_REQUEST',
    status: 400,
    message: 'Choose exactly one option',
    details: [{ path: 'answer.choice', message: 'exactly one option' }],
  },
  badOrder: {
    make: () => quizErrors.badOrder(),
    code: 'BAD_REQUEST',
    status: 400,
    message: 'The order must list every question of the bank once',
    details: [{ path: 'ids', message: 'every question id exactly once' }],
  },
  notMultipart: {
    make: () => quizErrors.notMultipart(),
    code: 'UNSUPPORTED_MEDIA_TYPE',
    status: 415,
    message: 'Send the file as multipart/form-data, field "file"',
  },
  fileTooLarge: {
    make: () => quizErrors.fileTooLarge(),
    code: 'PAYLOAD_TOO_LARGE',
    status: 413,
    message: 'The file is larger than 2 MB',
  },
  uploadRefused: {
    make: () => quizErrors.uploadRefused('LIMIT_FILE_COUNT'),
    code: 'BAD_REQUEST',
    status: 400,
    message: 'Upload refused: LIMIT_FILE_COUNT',
  },
  malformedUpload: {
    make: () => quizErrors.malformedUpload(),
    code: 'BAD_REQUEST',
    status: 400,
    message: 'Malformed upload',
  },
  noFile: {
    make: () => quizErrors.noFile(),
    code: 'BAD_REQUEST',
    status: 400,
    message: 'No file in field "file"',
    details: [{ path: 'file', message: 'required' }],
  },
  notXlsx: {
    make: () => quizErrors.notXlsx(),
    code: 'UNSUPPORTED_MEDIA_TYPE',
    status: 415,
    message: 'The .xlsx file is not an XLSX workbook',
  },
  csvNotUtf8: {
    make: () => quizErrors.csvNotUtf8(),
    code: 'UNSUPPORTED_MEDIA_TYPE',
    status: 415,
    message: 'The .csv file must be UTF-8 text',
  },
  unsupportedFile: {
    make: () => quizErrors.unsupportedFile(),
    code: 'UNSUPPORTED_MEDIA_TYPE',
    status: 415,
    message: 'Upload an .xlsx or .csv file',
  },
  unreadableXlsx: {
    make: () => quizErrors.unreadableXlsx(),
    code: 'BAD_REQUEST',
    status: 400,
    message: 'The file is not a readable XLSX workbook',
    details: [{ path: 'file', message: 'malformed_xlsx' }],
  },
  unreadableCsv: {
    make: () => quizErrors.unreadableCsv(3, 'Quote Not Closed'),
    code: 'BAD_REQUEST',
    status: 400,
    message: 'The CSV file cannot be read from line 3: Quote Not Closed',
    details: [{ path: 'row.3', message: 'malformed_csv' }],
  },
  emptyFile: {
    make: () => quizErrors.emptyFile(),
    code: 'BAD_REQUEST',
    status: 400,
    message: 'The file has no rows',
    details: [{ path: 'file', message: 'empty' }],
  },
  missingColumns: {
    make: () => quizErrors.missingColumns(rowDetails),
    code: 'BAD_REQUEST',
    status: 400,
    message: 'Missing columns',
    details: rowDetails,
  },
  noQuestions: {
    make: () => quizErrors.noQuestions(),
    code: 'BAD_REQUEST',
    status: 400,
    message: 'The file has no questions',
    details: [{ path: 'file', message: 'no_rows' }],
  },
  tooManyRows: {
    make: () => quizErrors.tooManyRows(500),
    code: 'BAD_REQUEST',
    status: 400,
    message: 'At most 500 questions per file',
    details: [{ path: 'file', message: 'too_many_rows' }],
  },
  badRows: {
    make: () => quizErrors.badRows(1, rowDetails),
    code: 'BAD_REQUEST',
    status: 400,
    message: '1 rows have errors; nothing was imported',
    details: rowDetails,
  },
};

describe('quizErrors', () => {
  it('covers every named error', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(quizErrors).sort());
  });

  for (const [name, want] of Object.entries(EXPECTED)) {
    it(`${name}: ${want.code} (${want.status})`, () => {
      const error = want.make();
      expect(error).toBeInstanceOf(AppError);
      expect(error.code).toBe(want.code);
      expect(error.message).toBe(want.message);
      expect(HTTP_STATUS[error.code]).toBe(want.status);
      expect(error.details).toEqual(want.details);
      // a fresh error each time (its own stack), equal in what the client sees
      expect(want.make()).not.toBe(error);
      expect(want.make().toBody()).toEqual(error.toBody());
    });
  }

  it('makes the make-up refusal FORBIDDEN for a member who attended', () => {
    expect(quizErrors.makeupUnavailable('attended')).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Make-up quiz unavailable: attended',
    });
  });

  it('keeps at most 200 bad cells in the details of a refused import', () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ path: `row ${i}.answer`, message: 'required' }));
    expect(quizErrors.badRows(250, many).details).toHaveLength(200);
  });

  it('is the only place in the quiz domain that builds an AppError', () => {
    const builders = readdirSync(import.meta.dirname)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'errors.ts')
      .filter((f) => readFileSync(new URL(f, `file://${import.meta.dirname}/`), 'utf8').includes('new AppError('));
    expect(builders).toEqual([]);
  });
});
