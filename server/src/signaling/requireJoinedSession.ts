import { AppError } from '../errors/AppError.js';
import type { HandlerContext } from './types.js';

/**
 * For handlers of in-session events (attendance, quiz, broadcast…): the session this socket joined
 * with `session:join`, or CONFLICT when it has not joined one.
 */
export function requireJoinedSession(ctx: Pick<HandlerContext, 'socket'>): string {
  const sessionId = ctx.socket.data.sessionId;
  if (!sessionId) throw new AppError('CONFLICT', 'Join a session first (session:join)');
  return sessionId;
}
