import { Router } from 'express';
import { API, STAFF_ROLES } from '@diem-cau/shared';
import { route } from '../../http/typedRoute.js';
import { receiveFile } from '../../http/upload.js';
import type { AppContext } from '../../context/types.js';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import { actorOf } from '../audit/index.js';
import { quizDomain } from './services.js';
import { MAX_UPLOAD_BYTES, spreadsheetOf, UPLOAD_ERRORS } from './upload.js';

/**
 * REST of the quiz: the bank (CRUD, order, XLSX/CSV import and export), settings, leaderboard and
 * make-up results for the session's host or an admin; the make-up quiz for members.
 */
export function quizRoutes(ctx: AppContext): Router {
  const router = Router();
  const quiz = quizDomain(ctx);
  const staff = requireAuth(ctx, STAFF_ROLES);
  const member = requireAuth(ctx, ['member']);
  const uploads = ctx.config.uploads;
  const receive = receiveFile(MAX_UPLOAD_BYTES, uploads, UPLOAD_ERRORS);
  const importLimits = {
    maxQuestions: uploads.quizImportMaxQuestions,
    maxUncompressedBytes: uploads.xlsxMaxUncompressedBytes,
    maxCompressionRatio: uploads.xlsxMaxCompressionRatio,
  };

  route(router, API.quiz.listQuestions, staff, async ({ params: { sessionId }, req }) => {
    await quiz.bank.assertManager(identityOf(req), sessionId);
    return quiz.bank.list(sessionId);
  });

  route(router, API.quiz.createQuestion, staff, ({ params, body, req }) =>
    quiz.bank.create(actorOf(req), params.sessionId, body),
  );

  route(router, API.quiz.reorderQuestions, staff, ({ params, body, req }) =>
    quiz.bank.reorder(actorOf(req), params.sessionId, body.ids),
  );

  route(router, API.quiz.updateQuestion, staff, ({ params, body, req }) =>
    quiz.bank.update(actorOf(req), params.sessionId, params.questionId, body),
  );

  route(router, API.quiz.deleteQuestion, staff, ({ params, req }) =>
    quiz.bank.remove(actorOf(req), params.sessionId, params.questionId),
  );

  route(router, API.quiz.importQuestions, staff, async ({ params: { sessionId }, query: { mode }, req, res }) => {
    await quiz.bank.assertManager(identityOf(req), sessionId);
    return receive(req, res, async (file) =>
      quiz.bank.importSpreadsheet(actorOf(req), sessionId, await spreadsheetOf(file), mode, importLimits),
    );
  });

  route(router, API.quiz.exportQuestions, staff, async ({ params: { sessionId }, query: { format }, req, res }) => {
    const file = await quiz.bank.exportSpreadsheet(identityOf(req), sessionId, format);
    res.set('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.type(file.contentType).send(file.body);
  });

  route(router, API.quiz.settings, staff, ({ params, req }) => quiz.settings(identityOf(req), params.sessionId));

  route(router, API.quiz.updateSettings, staff, ({ params, body, req }) =>
    quiz.updateSettings(identityOf(req), params.sessionId, body),
  );

  route(router, API.quiz.leaderboard, staff, ({ params, req }) =>
    quiz.leaderboardFor(identityOf(req), params.sessionId),
  );

  route(router, API.quiz.makeupResults, staff, ({ params, req }) =>
    quiz.makeup.results(identityOf(req), params.sessionId),
  );

  route(router, API.quiz.allowMakeup, staff, ({ params, body, req }) =>
    quiz.makeup.allow(identityOf(req), params.sessionId, body.memberIds),
  );

  // Make-up quiz, for members.
  route(router, API.quiz.makeupList, member, ({ req }) => quiz.makeup.available(identityOf(req)));

  route(router, API.quiz.makeupStatus, member, ({ params, req }) =>
    quiz.makeup.status(identityOf(req), params.sessionId),
  );

  route(router, API.quiz.startMakeup, member, ({ params, req }) =>
    quiz.makeup.start(identityOf(req), params.sessionId),
  );

  route(router, API.quiz.makeupAttempt, member, ({ params, req }) =>
    quiz.makeup.attempt(identityOf(req), params.attemptId),
  );

  route(router, API.quiz.answerMakeup, member, ({ params, body, req }) =>
    quiz.makeup.answer(identityOf(req), params.attemptId, body.questionId, body.answer),
  );

  route(router, API.quiz.finishMakeup, member, ({ params, req }) =>
    quiz.makeup.finish(identityOf(req), params.attemptId),
  );

  return router;
}
