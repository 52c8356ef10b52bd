import type { TargetName } from './target.js';

/** Messages to a member load process. */
export type MemberRequest =
  | {
      op: 'connect';
      target: TargetName;
      urls: string[];
      tokens: string[];
      firstMember: number;
      ratePerSecond: number;
      shared: Record<string, string>;
      timeoutMs: number;
    }
  | { op: 'arm'; windowMs: number; ackTimeoutMs: number }
  | { op: 'collect'; askedAt: number; timeoutMs: number }
  | { op: 'closeAll' };

export interface ConnectReport {
  connected: number;
  failed: number;
  /** Connection attempts that failed transiently and were tried again. */
  retried: number;
  errors: Record<string, number>;
  sockets: number;
}

export interface BurstReport {
  /** Members that received the question push. */
  questionsReceived: number;
  sent: number;
  acked: number;
  /** Acks that came back `{ ok: false }`, by error code. */
  rejected: Record<string, number>;
  timeouts: number;
  disconnected: number;
  /** Ack latency histogram: [ms, count] pairs of non-empty 1 ms buckets. */
  ackLatency: [number, number][];
  /** Question push delivery after the server's `ask` (same machine clock): [ms, count] pairs. */
  pushDelay: [number, number][];
  cpuMs: number;
}

export type MemberResponse = ConnectReport | BurstReport | { done: true };

/** Messages to a platform node process. */
export type NodeRequest =
  | { op: 'start' }
  | { op: 'prepare'; target: TargetName; members: number }
  | { op: 'sign'; target: TargetName; from: number; count: number; shared: Record<string, string> }
  | { op: 'ask'; target: TargetName; round: number; shared: Record<string, string> }
  | { op: 'stored'; target: TargetName; round: number; shared: Record<string, string> }
  | { op: 'cpuMark' }
  | { op: 'shutdown' };

export type NodeResponse =
  | { url: string }
  | { shared: Record<string, string> }
  | { tokens: string[] }
  | { askedAt: number }
  | { stored: number | null }
  | { cpuMs: number; sockets: number }
  | { done: true };
