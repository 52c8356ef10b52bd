import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ErrorCode } from '@diem-cau/shared';
import { AppError, HTTP_STATUS } from '../errors/AppError.js';
import type { Logger } from '../logging/logger.js';

/** How long a request to another node waits for its answer. */
export const BUS_REQUEST_TIMEOUT_MS = 5_000;

type Handler = (body: unknown, from: string) => Promise<unknown> | unknown;

type Envelope =
  | { kind: 'request'; id: string; from: string; type: string; body: unknown }
  | { kind: 'notice'; from: string; type: string; body: unknown }
  | { kind: 'reply'; id: string; ok: true; body: unknown }
  | { kind: 'reply'; id: string; ok: false; code: string; message: string };

interface Pending {
  resolve(body: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Messages between the nodes of a cluster over Redis pub/sub: each node listens on its own channel;
 * a request is answered on the asker's channel (correlated by id), a notice is one-way. Used to set
 * up media pipes between hosts; nothing here is durable (a node that is gone simply does not answer,
 * and PUBLISH tells at once when nobody listens).
 */
export class NodeBus {
  readonly #nodeId: string;
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #prefix: string;
  readonly #log: Logger;
  readonly #handlers = new Map<string, Handler>();
  readonly #pending = new Map<string, Pending>();

  constructor(options: { nodeId: string; redis: Redis; redisPrefix: string; log: Logger }) {
    this.#nodeId = options.nodeId;
    this.#pub = options.redis;
    // A subscribed connection serves nothing else; it queues while Redis is away and resubscribes.
    // It connects in `start`: subscribing before ioredis's ready check (an INFO) has answered makes
    // that check fail in subscriber mode, and the connection drops — seen under load.
    this.#sub = options.redis.duplicate({ enableOfflineQueue: true, commandTimeout: undefined, lazyConnect: true });
    this.#prefix = options.redisPrefix;
    this.#log = options.log;
  }

  async start(): Promise<void> {
    this.#sub.on('messageBuffer', (_channel: Buffer, message: Buffer) => this.#receive(message.toString('utf8')));
    this.#sub.on('error', () => undefined); // the main connection logs outages
    await this.#sub.connect(); // resolves once ready
    await this.#sub.subscribe(this.#channel(this.#nodeId));
  }

  async stop(): Promise<void> {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new AppError('UNAVAILABLE', 'This node is stopping'));
      this.#pending.delete(id);
    }
    await this.#sub.quit().catch(() => undefined);
  }

  /** Answers requests and notices of `type` from other nodes; a thrown AppError goes back with its code. */
  handle(type: string, handler: Handler): void {
    this.#handlers.set(type, handler);
  }

  /** Asks node `to`; UNAVAILABLE when it does not listen or does not answer in time. */
  async request(to: string, type: string, body: unknown, timeoutMs = BUS_REQUEST_TIMEOUT_MS): Promise<unknown> {
    const id = randomUUID();
    const answer = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new AppError('UNAVAILABLE', `Node ${to} did not answer ${type}`));
      }, timeoutMs);
      timer.unref();
      this.#pending.set(id, { resolve, reject, timer });
    });
    answer.catch(() => undefined); // rejected below when the publish fails
    const heard = await this.#send(to, { kind: 'request', id, from: this.#nodeId, type, body }).catch(
      (err: unknown) => {
        this.#settle(id, new AppError('UNAVAILABLE', `Could not reach node ${to}: ${(err as Error).message}`));
        return 1;
      },
    );
    if (heard === 0) this.#settle(id, new AppError('UNAVAILABLE', `Node ${to} is not listening`));
    return answer;
  }

  /** Tells node `to` something, without waiting; false when nobody heard it. */
  async notify(to: string, type: string, body: unknown): Promise<boolean> {
    const heard = await this.#send(to, { kind: 'notice', from: this.#nodeId, type, body }).catch(() => 0);
    return heard > 0;
  }

  #channel(nodeId: string): string {
    return `${this.#prefix}:bus:${nodeId}`;
  }

  #send(to: string, envelope: Envelope): Promise<number> {
    return this.#pub.publish(this.#channel(to), JSON.stringify(envelope));
  }

  #settle(id: string, error: Error | undefined, body?: unknown): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else pending.resolve(body);
  }

  #receive(raw: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch {
      this.#log.warn('unreadable message on the node bus');
      return;
    }
    if (envelope.kind === 'reply') {
      if (envelope.ok) this.#settle(envelope.id, undefined, envelope.body);
      else this.#settle(envelope.id, new AppError(knownCode(envelope.code), envelope.message));
      return;
    }
    void this.#serve(envelope);
  }

  async #serve(envelope: Extract<Envelope, { kind: 'request' | 'notice' }>): Promise<void> {
    const handler = this.#handlers.get(envelope.type);
    let reply: Envelope | undefined;
    try {
      if (!handler) throw new AppError('NOT_FOUND', `No handler for ${envelope.type} on this node`);
      const body = await handler(envelope.body, envelope.from);
      if (envelope.kind === 'request') reply = { kind: 'reply', id: envelope.id, ok: true, body: body ?? null };
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'INTERNAL';
      if (!(error instanceof AppError))
        this.#log.warn({ err: error, type: envelope.type, from: envelope.from }, 'node bus handler failed');
      if (envelope.kind === 'request')
        reply = { kind: 'reply', id: envelope.id, ok: false, code, message: (error as Error).message };
    }
    if (reply) await this.#send(envelope.from, reply).catch(() => undefined);
  }
}

/** A code from another node is one of the protocol's, or the request failed unexpectedly there. */
function knownCode(code: string): ErrorCode {
  return Object.hasOwn(HTTP_STATUS, code) ? (code as ErrorCode) : 'INTERNAL';
}
