import { Router } from 'express';
import {
  exportQuestionsQuerySchema,
  idSchema,
  importQuestionsQuerySchema,
  makeupAllowRequestSchema,
  makeupAnswerRequestSchema,
  questionInputSchema,
  reorderQuestionsRequestSchema,
  STAFF_ROLES,
  updateQuizSettingsSchema,
} from '@diem-cau/shared';
import { z } from 'zod';
import { parseInput } from '../../http/validate.js';
import type { AppContext } from '../../context/types.js';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import { quizDomain } from './services.js';
import { readSettings, writeSettings } from './settings.js';
import { questionsToCsv, questionsToXlsx, readRows, rowsToQuestions } from './spreadsheet.js';
import { receiveSpreadsheet } from './upload.js';

const sessionParams = z.object({ sessionId: idSchema });
const questionParams = z.object({ sessionId: idSchema, questionId: idSchema });
const attemptParams = z.object({ attemptId: idSchema });

/**
 * REST of the quiz: the bank (CRUD, order, XLSX/CSV import and export), settings, leaderboard and
 * make-up results for the session's host or an admin; the make-up quiz for members.
 */
export function quizRoutes(ctx: AppContext): Router {
  const router = Router();
  const quiz = quizDomain(ctx);
  const staff = requireAuth(ctx, STAFF_ROLES);
  const member = requireAuth(ctx, ['member']);
  const base = '/quiz/sessions/:sessionId';

  router.get(`${base}/questions`, staff, async (req, res) => {
    const { sessionId } = parseInput(sessionParams, req.params, 'session id');
    await quiz.bank.assertManager(identityOf(req), sessionId);
    res.json(await quiz.bank.list(sessionId));
  });

  router.post(`${base}/questions`, staff, async (req, res) => {
    const { sessionId } = parseInput(sessionParams, req.params, 'session id');
    res
      .status(201)
      .json(await quiz.bank.create(identityOf(req), sessionId, parseInput(questionInputSchema, req.body, 'question')));
  });

  router.put(`${base}/questions/order`, staff, async (req, res) => {
    const { sessionId } = parseInput(sessionParams, req.params, 'session id');
    res.json(
      await quiz.bank.reorder(
        identityOf(req),
        sessionId,
        parseInput(reorderQuestionsRequestSchema, req.body, 'order').ids,
      ),
    );
  });

  router.put(`${base}/questions/:questionId`, staff, async (req, res) => {
    const { sessionId, questionId } = parseInput(questionParams, req.params, 'question id');
    res.json(
      await quiz.bank.update(
        identityOf(req),
        sessionId,
        questionId,
        parseInput(questionInputSchema, req.body, 'question'),
      ),
    );
  });

  router.delete(`${base}/questions/:questionId`, staff, async (req, res) => {
    const { sessionId, questionId } = parseInput(questionParams, req.params, 'question id');
    await quiz.bank.remove(identityOf(req), sessionId, questionId);
    res.status(204).end();
  });

  router.post(`${base}/questions/import`, staff, async (req, res) => {
    const { sessionId } = parseInput(sessionParams, req.params, 'session id');
    const { mode } = parseInput(importQuestionsQuerySchema, req.query, 'query');
    await quiz.bank.assertManager(identityOf(req), sessionId);
    const { buffer, format } = await receiveSpreadsheet(req, res);
    const questions = rowsToQuestions(await readRows(buffer, format));
    const stored = await quiz.bank.importMany(identityOf(req), sessionId, questions, mode);
    res.status(201).json({ imported: stored.length, questions: await quiz.bank.list(sessionId) });
  });

  router.get(`${base}/questions/export`, staff, async (req, res) => {
    const { sessionId } = parseInput(sessionParams, req.params, 'session id');
    const { format } = parseInput(exportQuestionsQuerySchema, req.query, 'query');
    await quiz.bank.assertManager(identityOf(req), sessionId);
    const questions = await quiz.bank.list(sessionId);
    const name = `cau-hoi-${sessionId.slice(0, 8)}.${format}`;
    res.set('Content-Disposition', `attachment; filename="${name}"`);
    if (format === 'csv') res.type('text/csv; charset=utf-8').send(questionsToCsv(questions));
    else
      res
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await questionsToXlsx(questions));
  });

  router.get(`${base}/settings`, staff, async (req, res) => {
    const { sessionId } = parseInput(sessionParams, req.params, 'session id');
    await quiz.bank.assertManager(identityOf(req), sessionId);
    res.json(await readSettings(ctx.db, sessionId));
  });

  router.put(`${base}/settings`, staff, async (req, res) => {
    const { sessionId } = parseInput(sessionParams, req.params, 'session id');
    const change = parseInput(updateQuizSettingsSchema, req.body, 'settings');
    await quiz.bank.assertManager(identityOf(req), sessionId);
    const settings = await writeSettings(ctx.db, sessionId, change);
    if (change.showLeaderboardOnEndpoints !== undefined) await quiz.pushLeaderboard(sessionId);
    res.json(settings);
  });

  router.get(`${base}/leaderboard`, staff, async (req, res) => {
    const { sessionId } = parseInput(sessionParams, req.params, 'session id');
    await quiz.bank.assertManager(identityOf(req), sessionId);
    res.json(await quiz.leaderboard(sessionId));
  });

  router.get(`${base}/makeup/results`, staff, async (req, res) => {
    const { sessionId } = parseInput(sessionParams, req.params, 'session id');
    res.json(await quiz.makeup.results(identityOf(req), sessionId));
  });

  router.post(`${base}/makeup/allow`, staff, async (req, res) => {
    const { sessionId } = parseInput(sessionParams, req.params, 'session id');
    res.json(
      await quiz.makeup.allow(
        identityOf(req),
        sessionId,
        parseInput(makeupAllowRequestSchema, req.body, 'members').memberIds,
      ),
    );
  });

  // Make-up quiz, for members.
  router.get('/quiz/makeup', member, async (req, res) => {
    res.json(await quiz.makeup.available(identityOf(req)));
  });

  router.get(`${base}/makeup`, member, async (req, res) => {
    const { sessionId } = parseInput(sessionParams, req.params, 'session id');
    res.json(await quiz.makeup.status(identityOf(req), sessionId));
  });

  router.post(`${base}/makeup/attempts`, member, async (req, res) => {
    const { sessionId } = parseInput(sessionParams, req.params, 'session id');
    res.status(201).json(await quiz.makeup.start(identityOf(req), sessionId));
  });

  router.get('/quiz/makeup/attempts/:attemptId', member, async (req, res) => {
    const { attemptId } = parseInput(attemptParams, req.params, 'attempt id');
    res.json(await quiz.makeup.attempt(identityOf(req), attemptId));
  });

  router.post('/quiz/makeup/attempts/:attemptId/answers', member, async (req, res) => {
    const { attemptId } = parseInput(attemptParams, req.params, 'attempt id');
    const body = parseInput(makeupAnswerRequestSchema, req.body, 'answer');
    res.json(await quiz.makeup.answer(identityOf(req), attemptId, body.questionId, body.answer));
  });

  router.post('/quiz/makeup/attempts/:attemptId/finish', member, async (req, res) => {
    const { attemptId } = parseInput(attemptParams, req.params, 'attempt id');
    res.json(await quiz.makeup.finish(identityOf(req), attemptId));
  });

  return router;
}
