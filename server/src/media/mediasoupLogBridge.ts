import { createRequire } from 'node:module';
import { format } from 'node:util';
import type { Logger } from '../logging/logger.js';

/**
 * mediasoup 3.12 logs through the `debug` package, bound to console at construction. To route its
 * (and its worker's) log lines into pino we hook `debug`'s per-instance init before mediasoup is
 * loaded: every mediasoup logger's `log` then goes to the sink set by `routeMediasoupLogs`.
 * This module must be imported before 'mediasoup' (see ./mediasoup.ts).
 */
type DebugInstance = ((...args: unknown[]) => void) & { namespace: string; log?: unknown };
interface DebugModule {
  init?: (instance: DebugInstance) => void;
  formatArgs: (this: DebugInstance, args: unknown[]) => void;
  enable: (namespaces: string) => void;
}

const requireFromMediasoup = createRequire(createRequire(import.meta.url).resolve('mediasoup'));
const debugModule = requireFromMediasoup('debug') as DebugModule;

let sink: Logger | undefined;

function levelOf(namespace: string): 'error' | 'warn' | 'debug' {
  if (namespace.includes(':ERROR')) return 'error';
  if (namespace.includes(':WARN')) return 'warn';
  return 'debug';
}

const originalInit = debugModule.init;
debugModule.init = (instance: DebugInstance) => {
  originalInit?.(instance);
  if (!instance.namespace.startsWith('mediasoup')) return;
  const route = (...args: unknown[]): void => {
    const message = format(...args);
    if (sink) sink[levelOf(instance.namespace)]({ source: instance.namespace }, message);
    else process.stderr.write(`${instance.namespace} ${message}\n`);
  };
  // mediasoup assigns `log` right after creating the instance; keep our route instead.
  Object.defineProperty(instance, 'log', { get: () => route, set: () => undefined, configurable: true });
};

const originalFormatArgs = debugModule.formatArgs;
debugModule.formatArgs = function formatArgs(this: DebugInstance, args: unknown[]) {
  // pino adds time and level itself; leave mediasoup's arguments unformatted.
  if (this.namespace.startsWith('mediasoup')) return;
  originalFormatArgs.call(this, args);
};

const NAMESPACES: Record<'debug' | 'warn' | 'error' | 'none', string> = {
  debug: 'mediasoup*',
  warn: 'mediasoup:WARN*,mediasoup:ERROR*',
  error: 'mediasoup:ERROR*',
  none: '',
};

/** Sends mediasoup's log lines at or above `level` to `logger`. */
export function routeMediasoupLogs(logger: Logger, level: keyof typeof NAMESPACES): void {
  sink = logger;
  const inherited = process.env.DEBUG ? `,${process.env.DEBUG}` : '';
  debugModule.enable(NAMESPACES[level] + inherited);
}
