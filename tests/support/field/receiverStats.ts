import type { Page } from 'playwright-core';

/**
 * Receiver statistics of a page, sampled in the page itself from every RTCPeerConnection it opens
 * (an init script wraps the constructor before the app loads, so the app is not changed for it).
 * Counters are summed over the page's open connections; a new connection (a media restart) starts
 * them again from zero, which the summaries below treat as a reset.
 */
export interface ReceiverSample {
  /** Epoch ms (the page's clock is this machine's). */
  at: number;
  video: {
    framesDecoded: number;
    /** Height of the frames being decoded now: the simulcast layer received (180, 360, 720 for the host camera). */
    frameHeight: number;
    framesPerSecond: number;
    bytesReceived: number;
    packetsReceived: number;
    packetsLost: number;
    nackCount: number;
  };
  audio: {
    packetsReceived: number;
    bytesReceived: number;
    packetsLost: number;
    fecPacketsReceived: number;
    totalSamplesReceived: number;
    concealedSamples: number;
    silentConcealedSamples: number;
  };
  /** The selected ICE candidate pair of the receiving connection, when there is one. */
  pair: { protocol: string; roundTripMs: number | undefined } | null;
  connections: number;
}

/** Sampling period in the page. */
export const SAMPLE_MS = 200;

/** Runs in the page before its scripts: tracks connections and samples their stats every `period` ms. */
function sampler(period: number): void {
  type Store = { samples: ReceiverSample[] };
  const w = window as unknown as { __fieldStats?: Store };
  if (w.__fieldStats) return;
  const store: Store = { samples: [] };
  w.__fieldStats = store;
  const connections: RTCPeerConnection[] = [];
  const Native = window.RTCPeerConnection;
  class Tracked extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      connections.push(this);
    }
  }
  window.RTCPeerConnection = Tracked;
  const take = async (): Promise<void> => {
    const open = connections.filter((pc) => pc.connectionState !== 'closed');
    const video = {
      framesDecoded: 0,
      frameHeight: 0,
      framesPerSecond: 0,
      bytesReceived: 0,
      packetsReceived: 0,
      packetsLost: 0,
      nackCount: 0,
    };
    const audio = {
      packetsReceived: 0,
      bytesReceived: 0,
      packetsLost: 0,
      fecPacketsReceived: 0,
      totalSamplesReceived: 0,
      concealedSamples: 0,
      silentConcealedSamples: 0,
    };
    let pair: ReceiverSample['pair'] = null;
    for (const pc of open) {
      const report = await pc.getStats().catch(() => undefined);
      if (!report) continue;
      const byId = new Map<string, Record<string, unknown>>();
      report.forEach((s: Record<string, unknown>) => byId.set(s.id as string, s));
      const num = (s: Record<string, unknown>, k: string): number => (typeof s[k] === 'number' ? (s[k] as number) : 0);
      let receiving = false;
      for (const s of byId.values()) {
        if (s.type !== 'inbound-rtp') continue;
        receiving = true;
        if (s.kind === 'video') {
          video.framesDecoded += num(s, 'framesDecoded');
          video.frameHeight = Math.max(video.frameHeight, num(s, 'frameHeight'));
          video.framesPerSecond = Math.max(video.framesPerSecond, num(s, 'framesPerSecond'));
          video.bytesReceived += num(s, 'bytesReceived');
          video.packetsReceived += num(s, 'packetsReceived');
          video.packetsLost += num(s, 'packetsLost');
          video.nackCount += num(s, 'nackCount');
        } else if (s.kind === 'audio') {
          for (const k of Object.keys(audio) as (keyof typeof audio)[]) audio[k] += num(s, k);
        }
      }
      if (!receiving) continue;
      for (const s of byId.values()) {
        if (s.type !== 'transport' || typeof s.selectedCandidatePairId !== 'string') continue;
        const selected = byId.get(s.selectedCandidatePairId);
        const local = selected && byId.get(selected.localCandidateId as string);
        if (!selected || !local) continue;
        const rtt = selected.currentRoundTripTime;
        pair = {
          protocol: String(local.protocol),
          roundTripMs: typeof rtt === 'number' ? Math.round(rtt * 1000) : undefined,
        };
      }
    }
    store.samples.push({ at: Date.now(), video, audio, pair, connections: open.length });
    if (store.samples.length > 6_000) store.samples.splice(0, store.samples.length - 6_000);
  };
  const loop = (): void => {
    void take().finally(() => setTimeout(loop, period));
  };
  setTimeout(loop, period);
}

/** Installs the sampler in every document the page loads from now on (call before `goto`). */
export async function installReceiverStats(page: Page): Promise<void> {
  // As source text: a transpiler's name-keeping helper (`__name`) does not exist in the page.
  const content = `(() => { const __name = (f) => f; (${sampler.toString()})(${SAMPLE_MS}); })();`;
  await page.addInitScript({ content });
}

/** The samples taken so far (at most the last 20 minutes), optionally only those after `since` (epoch ms). */
export async function receiverSamples(page: Page, since = 0): Promise<ReceiverSample[]> {
  const samples = await page.evaluate(
    () => (window as unknown as { __fieldStats?: { samples: ReceiverSample[] } }).__fieldStats?.samples ?? [],
  );
  return samples.filter((s) => s.at >= since);
}

/** The increase of a cumulative counter between two samples (a restart of the counters counts from zero). */
function rise(before: number, after: number): number {
  return after >= before ? after - before : after;
}

/**
 * What a stretch of samples shows. Durations are measured at the sampler's resolution (SAMPLE_MS):
 * a stall or gap is the time between the two samples that bracket it.
 */
export interface ReceiverSummary {
  durationMs: number;
  /** Frames decoded per second over the stretch. */
  frameRate: number;
  /** The longest time without a new decoded frame. */
  longestVideoStallMs: number;
  /** The frame heights seen (layers received), from most to least seen, with their share of the samples. */
  layers: { height: number; share: number }[];
  videoKbit: number;
  audioKbit: number;
  /** Share of the audio played that was concealed (not silence): losses that FEC and NACK did not repair. */
  audioConcealedPercent: number;
  /**
   * The longest audio gap: consecutive sampling intervals in which no audio packet arrived or at
   * least half the audio played was concealed.
   */
  longestAudioGapMs: number;
  audioPacketsLostPercent: number;
  /** ICE candidate protocol of the last sample ('udp' or 'tcp'). */
  protocol: string | undefined;
  roundTripMs: number | undefined;
}

export function summarise(samples: readonly ReceiverSample[]): ReceiverSummary {
  if (samples.length < 2) throw new Error(`receiver stats: ${samples.length} samples, need at least 2`);
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const durationMs = last.at - first.at;
  let frames = 0;
  let videoBytes = 0;
  let audioBytes = 0;
  let audioPackets = 0;
  let audioLost = 0;
  let played = 0;
  let concealed = 0;
  let longestVideoStallMs = 0;
  let lastFrameAt = first.at;
  let longestAudioGapMs = 0;
  let gapStartedAt: number | undefined;
  const heights = new Map<number, number>();
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    const newFrames = rise(a.video.framesDecoded, b.video.framesDecoded);
    frames += newFrames;
    if (newFrames > 0) lastFrameAt = b.at;
    longestVideoStallMs = Math.max(longestVideoStallMs, b.at - lastFrameAt);
    if (newFrames > 0) heights.set(b.video.frameHeight, (heights.get(b.video.frameHeight) ?? 0) + 1);
    videoBytes += rise(a.video.bytesReceived, b.video.bytesReceived);
    audioBytes += rise(a.audio.bytesReceived, b.audio.bytesReceived);
    const packets = rise(a.audio.packetsReceived, b.audio.packetsReceived);
    audioPackets += packets;
    audioLost += Math.max(0, rise(a.audio.packetsLost, b.audio.packetsLost));
    const samplesPlayed = rise(a.audio.totalSamplesReceived, b.audio.totalSamplesReceived);
    const loud =
      rise(a.audio.concealedSamples, b.audio.concealedSamples) -
      rise(a.audio.silentConcealedSamples, b.audio.silentConcealedSamples);
    played += samplesPlayed;
    concealed += Math.max(0, loud);
    const bad = packets === 0 || (samplesPlayed > 0 && loud / samplesPlayed >= 0.5);
    if (bad) {
      gapStartedAt ??= a.at;
      longestAudioGapMs = Math.max(longestAudioGapMs, b.at - gapStartedAt);
    } else gapStartedAt = undefined;
  }
  const seconds = durationMs / 1000;
  const sightings = [...heights.values()].reduce((x, y) => x + y, 0);
  return {
    durationMs,
    frameRate: frames / seconds,
    longestVideoStallMs,
    layers: [...heights.entries()].sort((x, y) => y[1] - x[1]).map(([height, n]) => ({ height, share: n / sightings })),
    videoKbit: (videoBytes * 8) / 1000 / seconds,
    audioKbit: (audioBytes * 8) / 1000 / seconds,
    audioConcealedPercent: played > 0 ? (100 * concealed) / played : 0,
    longestAudioGapMs,
    audioPacketsLostPercent: audioPackets + audioLost > 0 ? (100 * audioLost) / (audioPackets + audioLost) : 0,
    protocol: last.pair?.protocol,
    roundTripMs: last.pair?.roundTripMs,
  };
}

/** The last frame height the page decoded (0 before any). */
export async function currentLayer(page: Page): Promise<number> {
  const samples = await receiverSamples(page, Date.now() - 3 * SAMPLE_MS);
  return samples.at(-1)?.video.frameHeight ?? 0;
}

/** Epoch ms of the first sample after `since` whose decoded frames rose, or undefined. */
export function firstFramesAfter(samples: readonly ReceiverSample[], since: number): number | undefined {
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (a.at >= since && rise(a.video.framesDecoded, b.video.framesDecoded) > 0) return b.at;
  }
  return undefined;
}
