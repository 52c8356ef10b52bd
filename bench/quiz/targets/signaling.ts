import type { Socket } from 'socket.io-client';
import type { Target } from '../target.js';

interface AckShape {
  ok: boolean;
  error?: { code: string };
}

/**
 * The burst through the platform's signaling without the quiz domain, to tell Socket.IO's share
 * from the quiz's: the question is a real server push (`system:notice`, broadcast with `io.emit` through the
 * Redis adapter to every node), and each member answers with a real validated request
 * (`system:time`, zod-checked and acknowledged by the handler table). It measures the transport,
 * handshake auth, validation and acknowledgement path under a hall-sized burst. It stores nothing,
 * so "stored" is reported as not applicable.
 */
export const signalingTarget: Target = {
  name: 'signaling',
  description:
    'push system:notice via io.emit, answer system:time with ack (nothing stored: Socket.IO, auth and validation only)',
  credentials: 'token',
  client: {
    questionEvent: 'system:notice',
    answerEvent: 'system:time',
    answerPayload: () => ({ clientTime: Date.now() }),
    async join(socket: Socket): Promise<void> {
      const ack = (await socket.timeout(10_000).emitWithAck('system:whoami', {})) as AckShape;
      if (!ack.ok) throw new Error(ack.error?.code ?? 'JOIN_FAILED');
    },
  },
  server: {
    prepare: async () => ({ shared: {} }),
    identity: (member) => ({ subject: `bench-member-${member}`, role: 'member' }),
    async ask(app, round) {
      app.io.emit('system:notice', { level: 'info', message: `question ${round}` });
    },
    storedAnswers: async () => null,
  },
};
