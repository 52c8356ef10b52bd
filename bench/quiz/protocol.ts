import type { MemberSlip } from '../lib/enrolMembers.js';
import type { TargetName } from './target.js';

/**
 * How a phone gets in: a token the node signed (the signaling baseline), or its PIN slip, with which
 * it signs in over REST, joins and checks in with the code on its endpoint's screen.
 */
export type MemberCredential = { token: string } | MemberSlip;

/** Histogram as [ms, count] pairs of non-empty 1 ms buckets. */
export type HistogramPairs = [number, number][];

/** Messages to a member load process. */
export type MemberRequest =
  | {
      op: 'connect';
      target: TargetName;
      urls: string[];
      credentials: MemberCredential[];
      firstMember: number;
      ratePerSecond: number;
      shared: Record<string, string>;
      timeoutMs: number;
      /** Epoch ms: a phone whose turn comes later does not arrive (counted as not started). */
      deadline?: number;
    }
  /** The check-in codes on the endpoints' screens now, in endpoint order. */
  | { op: 'codes'; codes: string[] }
  | {
      op: 'arm';
      windowMs: number;
      ackTimeoutMs: number;
      /** Answer this target's push instead of the one connected with (same sockets). */
      target?: TargetName;
      /** Share of members that send their answer a second time after the ack (a phone's resend). */
      resendShare?: number;
      /** Share of members whose socket drops before they answer; they reconnect, re-join, then answer. */
      reconnectShare?: number;
    }
  | { op: 'collect'; askedAt: number; timeoutMs: number }
  | { op: 'closeAll' };

export interface ConnectReport {
  connected: number;
  failed: number;
  /** Connection attempts that failed transiently and were tried again. */
  retried: number;
  errors: Record<string, number>;
  sockets: number;
  /** Phones whose arrival time fell after the deadline. */
  notStarted: number;
  signedIn: number;
  checkedIn: number;
  /** Sign-ins answered UNAVAILABLE or RATE_LIMITED and tried again after the server's delay. */
  signInRetries: number;
  /** Check-ins refused (expired or invalid code) and tried again with the screen's next code. */
  checkinRetries: number;
  /** Check-ins answered UNAVAILABLE (the store was busy) and tried again a second later. */
  checkinBusy: number;
  /** PIN sign-in over REST (first attempt to token), socket + session:join, checkin:submit. */
  phases: { signIn: HistogramPairs; join: HistogramPairs; checkin: HistogramPairs };
  /** Wall-clock span from the first arrival to the last phone in, ms. */
  spanMs: number;
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
  /** Answers sent again after their ack, and of those acknowledged ok. */
  resent: number;
  resendAcked: number;
  /** Members that dropped and reconnected before answering, and those that could not. */
  reconnected: number;
  reconnectFailed: number;
  /** Ack latency histogram (first sends only). */
  ackLatency: HistogramPairs;
  /** Question push delivery after the server's `ask` (same machine clock). */
  pushDelay: HistogramPairs;
  cpuMs: number;
}

export type MemberResponse = ConnectReport | BurstReport | { done: true };

/** Messages to a platform node process. */
export type NodeRequest =
  | { op: 'start'; workers?: number }
  | { op: 'prepare'; target: TargetName; members: number; endpoints: number }
  | { op: 'sign'; target: TargetName; from: number; count: number; shared: Record<string, string> }
  | { op: 'ask'; target: TargetName; round: number; shared: Record<string, string> }
  | { op: 'stored'; target: TargetName; round: number; shared: Record<string, string> }
  | { op: 'cpuMark' }
  /** Event-loop delay since the last `lag` (monitorEventLoopDelay, 10 ms resolution), then reset. */
  | { op: 'lag' }
  /** The broadcast on this node's workers (bench/fanout's platform topology): its ingress port. */
  | { op: 'mediaStart' }
  | { op: 'mediaAdd'; ports: number[] }
  | { op: 'mediaStop' }
  /** This process's and its mediasoup workers' pids, and its memory. */
  | { op: 'info' }
  | { op: 'shutdown' };

export interface LoopLag {
  p50: number;
  p99: number;
  max: number;
}

export interface NodeInfo {
  pid: number;
  workerPids: number[];
  rssBytes: number;
  heapUsedBytes: number;
  sockets: number;
}

export type NodeResponse =
  | { url: string }
  | { shared: Record<string, string> }
  | { tokens: string[] }
  | { askedAt: number }
  | { stored: number | null }
  | { cpuMs: number; sockets: number }
  | LoopLag
  | { port: number }
  | { receivers: number; perWorker: number[] }
  | NodeInfo
  | { done: true };
