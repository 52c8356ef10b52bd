/** Messages between the fan-out bench and its receiver processes. */
export type ReceiverRequest =
  | { op: 'open'; count: number }
  | { op: 'resetWindow' }
  /** `perReceiver`: also each receiver's [received, expected] in the window, in opening order. */
  | { op: 'report'; perReceiver?: boolean }
  | { op: 'closeAll' };

export interface WindowReport {
  /** RTP packets received in the window (RTCP not counted). */
  received: number;
  /** Packets the RTP sequence numbers say should have arrived in the window. */
  expected: number;
  bytes: number;
  /** Receivers that got no RTP at all in the window. */
  silent: number;
  /** Receivers that got fewer than two streams (audio and video) in the window. */
  incomplete: number;
  receivers: number;
  /** Since the process started. */
  totalReceived: number;
  rtcpReceived: number;
  /** CPU time of this load process during the window (ms). */
  cpuMs: number;
  windowMs: number;
  /** With `perReceiver`: [received, expected] RTP packets of each receiver in the window. */
  perReceiver?: [number, number][];
}

export type ReceiverResponse = { ports: number[] } | WindowReport | { closed: number } | { done: true };
