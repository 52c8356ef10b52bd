import type { LinkMinute, LinkOutage, LinkQualityRow, WeakLinkReason } from '@diem-cau/shared';
import type { LinkMinuteRecord, LinkPeriodRecord } from '../broadcast/index.js';
import type { EndpointInfo } from './reportInputs.js';

/**
 * When an endpoint's link is weak: any one of these over the session. Chosen for commune halls on
 * 1–4 Mbit/s: a link that drops out again and again or for a minute at a time, loses more than one
 * packet in twenty, answers slower than 400 ms, spends half its video time on the lowest simulcast
 * layer, or had to fall back to audio only for a tenth of the time needs a better line.
 */
export const WEAK_LINK_RULE = {
  outages: 3,
  longOutageMs: 60_000,
  lossMean: 0.05,
  rttMeanMs: 400,
  lowLayerShare: 0.5,
  audioOnlyShare: 0.1,
} as const;

const LAYERS = 3;

/** The q-quantile (0–1) of ascending values, interpolated between neighbours; null for none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const list = map.get(key(r));
    if (list) list.push(r);
    else map.set(key(r), [r]);
  }
  return map;
}

const mean = (sum: number, n: number): number | null => (n > 0 ? sum / n : null);
const layerMsOf = (m: LinkMinuteRecord): number[] => [m.layer0_ms, m.layer1_ms, m.layer2_ms];

/** One minute row as the timeline route answers it. */
export function toLinkMinute(m: LinkMinuteRecord): LinkMinute {
  return {
    minute: m.minute,
    samples: m.samples,
    sampledMs: m.sampled_ms,
    videoMs: m.video_ms,
    layerMs: layerMsOf(m),
    audioOnlyMs: m.audio_only_ms,
    bitrateMean: mean(m.bitrate_sum, m.bitrate_samples),
    bitrateMin: m.bitrate_min,
    lossMean: mean(m.loss_sum, m.loss_samples),
    lossMax: m.loss_max,
    rttMeanMs: mean(m.rtt_sum, m.rtt_samples),
    scoreMin: m.score_min,
  };
}

interface Window {
  start: number;
  end: number;
}

/** A period clipped to the session (an open one runs until `openUntil`); null when outside it. */
function clip(p: LinkPeriodRecord, window: Window | null, openUntil: number): LinkOutage | null {
  const start = Date.parse(p.startedAt);
  const end = p.endedAt === null ? openUntil : Date.parse(p.endedAt);
  const from = window ? Math.max(start, window.start) : start;
  const to = window ? Math.min(end, window.end) : end;
  if (to < from) return null;
  return { startedAt: p.startedAt, endedAt: p.endedAt, durationMs: to - from, cause: p.cause };
}

function weakReasons(row: Omit<LinkQualityRow, 'weak' | 'weakReasons'>): WeakLinkReason[] {
  const r = WEAK_LINK_RULE;
  const reasons: WeakLinkReason[] = [];
  if (row.outageCount >= r.outages) reasons.push('outages');
  if (row.outageLongestMs >= r.longOutageMs) reasons.push('long_outage');
  if (row.lossMean !== null && row.lossMean >= r.lossMean) reasons.push('loss');
  if (row.rttMeanMs !== null && row.rttMeanMs >= r.rttMeanMs) reasons.push('rtt');
  const layered = row.layerMs.reduce((a, b) => a + b, 0);
  if (layered > 0 && row.layerMs[0]! / layered >= r.lowLayerShare) reasons.push('low_layer');
  if (row.sampledMs > 0 && row.audioOnlyMs / row.sampledMs >= r.audioOnlyShare) reasons.push('audio_only');
  return reasons;
}

/**
 * Each endpoint's link over the session from its minute rows and periods: time in each layer and
 * the median layer, median and 10th percentile of its per-minute mean bitrate, mean and worst loss,
 * mean round trip, audio-only time, outages (count, total, longest, each with its times), and the
 * weak-link flag. Periods count inside the session only; an open one runs until `openUntil`.
 * Weakest first: flagged, then by outage time.
 */
export function computeLinkQuality(
  endpoints: readonly EndpointInfo[],
  minutes: readonly LinkMinuteRecord[],
  periods: readonly LinkPeriodRecord[],
  window: Window | null,
  openUntil: number,
): LinkQualityRow[] {
  const minutesOf = groupBy(minutes, (m) => m.endpoint_id);
  const periodsOf = groupBy(periods, (p) => p.endpointId);
  const rows: LinkQualityRow[] = [];
  for (const e of endpoints) {
    const own = minutesOf.get(e.id) ?? [];
    const spans = periodsOf.get(e.id) ?? [];
    if (own.length === 0 && spans.length === 0) continue;
    const sum = (f: (m: LinkMinuteRecord) => number): number => own.reduce((n, m) => n + f(m), 0);
    const layerMs = Array.from({ length: LAYERS }, (_, i) => sum((m) => layerMsOf(m)[i]!));
    const layered = layerMs.reduce((a, b) => a + b, 0);
    let medianLayer: number | null = null;
    for (let i = 0, seen = 0; layered > 0 && i < LAYERS; i++) {
      seen += layerMs[i]!;
      if (seen >= layered / 2) {
        medianLayer = i;
        break;
      }
    }
    const bitrates = own
      .filter((m) => m.bitrate_samples > 0)
      .map((m) => m.bitrate_sum / m.bitrate_samples)
      .sort((a, b) => a - b);
    const losses = own.flatMap((m) => (m.loss_max === null ? [] : [m.loss_max]));
    const scores = own.flatMap((m) => (m.score_min === null ? [] : [m.score_min]));
    const clipped = spans
      .map((p) => ({ kind: p.kind, span: clip(p, window, openUntil) }))
      .filter((p): p is { kind: LinkPeriodRecord['kind']; span: LinkOutage } => p.span !== null);
    const outages = clipped.filter((p) => p.kind === 'outage').map((p) => p.span);
    const audioOnly = clipped.filter((p) => p.kind === 'audio_only').map((p) => p.span);
    const base = {
      endpointId: e.id,
      endpointName: e.name,
      communeName: e.communeName,
      districtName: e.districtName,
      sampledMs: sum((m) => m.sampled_ms),
      videoMs: sum((m) => m.video_ms),
      layerMs,
      medianLayer,
      bitrateMedian: quantile(bitrates, 0.5),
      bitrateP10: quantile(bitrates, 0.1),
      lossMean: mean(
        sum((m) => m.loss_sum),
        sum((m) => m.loss_samples),
      ),
      lossMax: losses.length > 0 ? Math.max(...losses) : null,
      rttMeanMs: mean(
        sum((m) => m.rtt_sum),
        sum((m) => m.rtt_samples),
      ),
      scoreMin: scores.length > 0 ? Math.min(...scores) : null,
      audioOnlyMs: audioOnly.reduce((n, p) => n + p.durationMs, 0),
      audioOnlyPeriods: audioOnly.length,
      outageCount: outages.length,
      outageTotalMs: outages.reduce((n, p) => n + p.durationMs, 0),
      outageLongestMs: outages.reduce((n, p) => Math.max(n, p.durationMs), 0),
      outages,
    };
    const reasons = weakReasons(base);
    rows.push({ ...base, weak: reasons.length > 0, weakReasons: reasons });
  }
  return rows.sort(
    (a, b) =>
      Number(b.weak) - Number(a.weak) ||
      b.outageTotalMs - a.outageTotalMs ||
      a.communeName.localeCompare(b.communeName, 'vi') ||
      a.endpointName.localeCompare(b.endpointName, 'vi'),
  );
}
