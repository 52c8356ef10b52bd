/**
 * Load-generator child process for the quiz burst test (started with child_process.fork, so its
 * sockets and CPU are not the server's). Protocol over IPC:
 *   parent → { type: 'connect', url, sessionId, members: [{ id, token, choice, resend }] }
 *   child  → { type: 'ready', connected, failures }
 *   child  → { type: 'done', report }  after every member received the question and answered
 *   parent → { type: 'stop' }
 * Each member answers at a random moment within `windowMs` after the question arrives; members
 * with `resend` send again (some at once, some after the ack, some from a fresh connection).
 */
import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type Ack,
  type ClientToServerEvents,
  type LiveRun,
  type ServerToClientEvents,
  type StoredAnswer,
} from '@diem-cau/shared';

type Sock = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LoadMember {
  id: string;
  token: string;
  choice: number;
  resend: 'none' | 'immediate' | 'afterAck' | 'reconnect';
}

export interface LoadReport {
  questionsReceived: number;
  /** First ack of each member (by member id). */
  first: Record<string, Ack<StoredAnswer>>;
  /** Acks of resends (by member id). */
  resends: Record<string, Ack<StoredAnswer>>;
  errors: string[];
}

type ParentMessage =
  { type: 'connect'; url: string; sessionId: string; windowMs: number; members: LoadMember[] } | { type: 'stop' };

const sockets = new Map<string, Sock>();
const send = (m: unknown) => process.send?.(m);

function open(url: string, token: string): Promise<Sock> {
  const socket: Sock = io(url, {
    auth: { protocolVersion: PROTOCOL_VERSION, token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 30_000,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
}

async function joinSession(socket: Sock, sessionId: string): Promise<void> {
  const ack = await socket.timeout(30_000).emitWithAck('session:join', { sessionId });
  if (!ack.ok) throw new Error(`join: ${ack.error.code}`);
}

async function run(msg: Extract<ParentMessage, { type: 'connect' }>): Promise<void> {
  const report: LoadReport = { questionsReceived: 0, first: {}, resends: {}, errors: [] };
  let connected = 0;
  let failures = 0;
  let settled = 0;
  const finishOne = () => {
    settled += 1;
    if (settled === msg.members.length) send({ type: 'done', report });
  };
  const answer = async (m: LoadMember, q: LiveRun) => {
    const socket = sockets.get(m.id)!;
    const payload = { runId: q.runId, answer: { choice: [m.choice] } };
    try {
      if (m.resend === 'immediate') {
        const [a, b] = await Promise.all([
          socket.timeout(20_000).emitWithAck('quiz:answer', payload),
          socket
            .timeout(20_000)
            .emitWithAck('quiz:answer', { runId: q.runId, answer: { choice: [(m.choice + 1) % 3] } }),
        ]);
        report.first[m.id] = a;
        report.resends[m.id] = b;
      } else {
        report.first[m.id] = await socket.timeout(20_000).emitWithAck('quiz:answer', payload);
        if (m.resend === 'afterAck') {
          report.resends[m.id] = await socket
            .timeout(20_000)
            .emitWithAck('quiz:answer', { runId: q.runId, answer: { choice: [(m.choice + 2) % 3] } });
        } else if (m.resend === 'reconnect') {
          socket.close();
          const again = await open(msg.url, m.token);
          sockets.set(m.id, again);
          await joinSession(again, msg.sessionId);
          report.resends[m.id] = await again.timeout(20_000).emitWithAck('quiz:answer', payload);
        }
      }
    } catch (error) {
      report.errors.push(`${m.id}: ${(error as Error).message}`);
    }
    finishOne();
  };

  // Connect at a bounded rate (about 400 per second), joining the session as a phone does.
  const batch = 40;
  for (let i = 0; i < msg.members.length; i += batch) {
    await Promise.all(
      msg.members.slice(i, i + batch).map(async (m) => {
        try {
          const socket = await open(msg.url, m.token);
          sockets.set(m.id, socket);
          let answered = false;
          socket.on('quiz:question', (q) => {
            report.questionsReceived += 1;
            if (answered) return;
            answered = true;
            setTimeout(() => void answer(m, q), Math.floor(Math.random() * msg.windowMs));
          });
          await joinSession(socket, msg.sessionId);
          connected += 1;
        } catch (error) {
          failures += 1;
          report.errors.push(`connect ${m.id}: ${(error as Error).message}`);
          finishOne();
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 100));
  }
  send({ type: 'ready', connected, failures });
}

process.on('message', (raw: unknown) => {
  const msg = raw as ParentMessage;
  if (msg.type === 'connect') void run(msg);
  if (msg.type === 'stop') {
    for (const s of sockets.values()) s.close();
    process.exit(0);
  }
});

// The parent went away (test ended or crashed): end too, never linger.
process.on('disconnect', () => process.exit(0));
