import { AppError } from '../errors/AppError.js';
import type { HandlerContext } from './types.js';

/**
 * For handlers of in-session events (attendance, quiz, broadcast…): the session this socket joined
 * with `session:join` (CONFLICT before it has joined one); a token bound to another session is
 * refused (FORBIDDEN).
 */
export function joinedSession(ctx: Pick<HandlerContext, 'socket' | 'identity'>): string {
  const sessionId = ctx.socket.data.sessionId;
  if (!sessionId) throw new AppError('CONFLICT', 'Join a session first (session:join)');
  if (ctx.identity.sessionId !== undefined && ctx.identity.sessionId !== sessionId) {
    throw new AppError('FORBIDDEN', 'This token belongs to another session');
  }
  return sessionId;
}
