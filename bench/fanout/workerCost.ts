/** What one step cost the mediasoup workers, normalised so that builds and modes compare. */
export interface WorkerCost {
  /** Sum of the workers' CPU over the window, % of one core. */
  workerCpuTotal: number;
  /** Worker CPU time per RTP packet the receivers got (µs). */
  workerUsPerPacket: number;
  /** workerCpuTotal ÷ N: % of one core per receiver. */
  workerCpuPerReceiver: number;
  /** N ÷ (workerCpuTotal / 100): receivers one fully busy worker core would carry at this cost. */
  receiversPerWorkerCore: number;
}

/**
 * From the workers' CPU (% of one core each) and the packets the receivers got per second. The CPU
 * window and the receivers' window differ by a few IPC round trips, so µs per packet is taken as
 * rates (CPU seconds per second ÷ packets per second): the same as CPU time ÷ packets over one window.
 * No packets or no CPU gives Infinity / NaN, which the table prints as '–'.
 */
export function workerCost(workerCpu: readonly number[], packetsPerSecond: number, receivers: number): WorkerCost {
  const workerCpuTotal = workerCpu.reduce((a, b) => a + b, 0);
  return {
    workerCpuTotal,
    workerUsPerPacket: ((workerCpuTotal / 100) * 1e6) / packetsPerSecond,
    workerCpuPerReceiver: workerCpuTotal / receivers,
    receiversPerWorkerCore: receivers / (workerCpuTotal / 100),
  };
}
