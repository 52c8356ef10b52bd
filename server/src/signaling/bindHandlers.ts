import { ackError, ackOk, clientRequests, type Ack, type ClientRequestName } from '@diem-cau/shared';
import { AppError } from '../errors/AppError.js';
import { unavailableFor } from '../errors/unavailable.js';
import { zodDetails } from '../errors/zodDetails.js';
import type { Logger } from '../logging/logger.js';
import { endExpired, tokenExpired } from './tokenExpiry.js';
import type { HandlerTable, IoSocket, RequestHandlerSpec } from './types.js';

type AnyAck = (result: Ack<unknown>) => void;

function isRequestName(name: string): name is ClientRequestName {
  return Object.hasOwn(clientRequests, name);
}

/**
 * Wires a socket's events to the handler table. Every inbound message is validated against its
 * schema in `shared/`, the caller's token must not have expired, its role is checked, and exactly
 * one ack is sent: data, or a coded error. An outage of the store or Redis answers UNAVAILABLE
 * (errors/unavailable.ts); any other unexpected exception is logged and answered as INTERNAL, never
 * with its stack.
 */
export function bindHandlers(socket: IoSocket, table: HandlerTable, log: Logger): void {
  socket.onAny((event: string, ...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== 'function') {
      log.debug({ event }, 'event without ack dropped');
      return;
    }
    const reply = ack as AnyAck;
    if (!isRequestName(event) || !table[event]) {
      reply(ackError('BAD_REQUEST', `Unknown event "${event}"`));
      return;
    }
    void dispatch(
      socket,
      event,
      table[event] as RequestHandlerSpec<ClientRequestName>,
      args.length > 1 ? args[0] : undefined,
      reply,
      log,
    );
  });
}

async function dispatch(
  socket: IoSocket,
  event: ClientRequestName,
  spec: RequestHandlerSpec<ClientRequestName>,
  payload: unknown,
  reply: AnyAck,
  log: Logger,
): Promise<void> {
  const identity = socket.data.identity;
  // The expiry timer ends the socket; this catches a request that arrives in the same instant.
  if (tokenExpired(socket)) {
    reply(ackError('UNAUTHENTICATED', 'Token expired'));
    endExpired(socket, log);
    return;
  }
  if (spec.roles && !spec.roles.includes(identity.role)) {
    reply(ackError('FORBIDDEN', `Role "${identity.role}" may not send "${event}"`));
    return;
  }
  const parsed = clientRequests[event].request.safeParse(payload);
  if (!parsed.success) {
    reply(ackError('BAD_REQUEST', `Malformed "${event}" payload`, zodDetails(parsed.error)));
    return;
  }
  try {
    const data = await spec.handle({ socket, identity, log }, parsed.data as never);
    reply(ackOk(data));
  } catch (error) {
    if (error instanceof AppError) {
      reply({ ok: false, error: error.toBody() });
      return;
    }
    const outage = unavailableFor(error);
    if (outage) {
      log.warn({ err: error, event, subject: identity.subject }, 'handler refused: a dependency is unavailable');
      reply({ ok: false, error: outage.toBody() });
      return;
    }
    log.error({ err: error, event, subject: identity.subject }, 'handler failed');
    reply(ackError('INTERNAL', 'Internal error'));
  }
}
