import type { Socket } from 'socket.io-client';
import type { App } from '../../server/src/app.js';

/**
 * What the answer-burst harness needs to know about the feature under test. The client half runs
 * in the member load processes, the server half inside each platform node process; both load the
 * target by name from ./targets/. A new feature (issue 5's quiz) plugs in as one more file there.
 */
export interface ClientTarget {
  /** Server push that announces the question; every member answers it once. */
  questionEvent: string;
  /** Request each member sends, with an acknowledgement. */
  answerEvent: string;
  /** Steps after connecting (e.g. `session:join`); throws with the error code on failure. */
  join?(socket: Socket, context: MemberContext): Promise<void>;
  answerPayload(question: unknown, context: MemberContext): unknown;
  /**
   * Whether a push announces the question asked after `armedAt` (epoch ms, this machine's clock), not
   * an earlier one the server sends again (the quiz pushes the open question to a phone that joins).
   */
  isAsked?(question: unknown, armedAt: number): boolean;
}

export interface MemberContext {
  member: number;
  /** What the server half's prepare() returned for every member (e.g. the session id). */
  shared: Record<string, string>;
}

export interface ServerTarget {
  /**
   * Sets up the session (and anything else) once, on the first node; returns what members need.
   * `endpoints`: the halls the members are spread over, when the target has any.
   */
  prepare(app: App, members: number, endpoints: number): Promise<{ shared: Record<string, string> }>;
  /** Identity claims of member i's token (targets whose members sign in with a token). */
  identity(member: number, shared: Record<string, string>): { subject: string; role: 'member'; sessionId?: string };
  /** Broadcasts the question (called on one node; the Redis adapter reaches the others). */
  ask(app: App, round: number, shared: Record<string, string>): Promise<void>;
  /** Answers stored for this round, or null when the target stores none. */
  storedAnswers(app: App, round: number, shared: Record<string, string>): Promise<number | null>;
}

export interface Target {
  name: string;
  /** What this target measures, printed with the results. */
  description: string;
  /**
   * How members get in: `pin` — enrolled through the admin routes with PIN slips, signing in over REST
   * and checking in with their endpoint screen's code; `token` — a token the node signs (no store).
   */
  credentials: 'pin' | 'token';
  client: ClientTarget;
  server: ServerTarget;
}

export const TARGET_NAMES = ['quiz', 'signaling'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

export async function loadTarget(name: TargetName): Promise<Target> {
  switch (name) {
    case 'quiz':
      return (await import('./targets/quiz.js')).quizTarget;
    case 'signaling':
      return (await import('./targets/signaling.js')).signalingTarget;
  }
}
