import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * The root logger. Modules take a child with their own context (`logger.child({ module: 'media' })`).
 * Tokens, passwords and keys are redacted wherever they appear in a logged object.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'diem-cau' },
      redact: {
        paths: [
          'token',
          '*.token',
          'password',
          '*.password',
          'secret',
          '*.secret',
          'key',
          '*.key',
          'pin',
          '*.pin',
          'req.headers.authorization',
          'req.headers.cookie',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
