// The quiz domain's wiring: one instance per app, and what it is given.
import { perContext } from '../../context/perContext.js';
import { auditLog } from '../audit/index.js';
import { sessionService } from '../sessions/index.js';
import { QuizDomain } from './QuizDomain.js';

export const quizDomain = perContext((ctx) => new QuizDomain(ctx, sessionService(ctx), auditLog(ctx)));
