import type { FanoutModeResult, FanoutResult, FanoutStep } from './runFanout.js';
import type { SrtpBuild } from './srtpBuilds.js';

/** The target: one worker core carries this many receivers, at the platform's largest held step. */
export const RECEIVERS_PER_CORE_TARGET = 600;
/** …with loss below this fraction at that step. */
export const VERDICT_LOSS_LIMIT = 0.01;
/** The platform must hold at least this share of what the bare script holds, per build. */
export const PLATFORM_SHARE_TARGET = 0.9;

export interface ModeAtLargest {
  largestHeld: number;
  /** Whether the mode stopped at a failed step; if not, largestHeld is a lower bound, not a capacity. */
  ceilingReached: boolean;
  receiversPerWorkerCore: number | null;
  loss: number | null;
}

export interface BuildVerdict {
  build: SrtpBuild;
  platform: ModeAtLargest | null;
  bare: ModeAtLargest | null;
  /** platform largestHeld ÷ bare largestHeld. */
  platformShare: number | null;
  met: boolean;
  reasons: string[];
}

export interface FanoutVerdict {
  met: boolean;
  builds: BuildVerdict[];
  /** The line printed at the end of the run. */
  line: string;
}

/** The held measurement at the mode's largest held N (the last one, when that N was measured again). */
function atLargest(mode: FanoutModeResult | undefined): ModeAtLargest | null {
  if (!mode) return null;
  const step: FanoutStep | undefined = mode.steps.filter((s) => s.held && s.receivers === mode.largestHeld).at(-1);
  return {
    largestHeld: mode.largestHeld,
    ceilingReached: mode.steps.some((s) => !s.held),
    receiversPerWorkerCore: step ? step.receiversPerWorkerCore : null,
    loss: step ? step.loss : null,
  };
}

function judgeBuild(build: SrtpBuild, result: FanoutResult | null, error: string | undefined): BuildVerdict {
  if (!result)
    return { build, platform: null, bare: null, platformShare: null, met: false, reasons: [error ?? 'no result'] };
  const platform = atLargest(result.modes.find((m) => m.mode === 'platform'));
  const bare = atLargest(result.modes.find((m) => m.mode === 'bare'));
  const platformShare = platform && bare && bare.largestHeld > 0 ? platform.largestHeld / bare.largestHeld : null;
  const reasons: string[] = [];
  if (!platform) reasons.push('platform mode not run');
  else if (platform.receiversPerWorkerCore === null) reasons.push('platform held no step');
  else {
    const perCore = platform.receiversPerWorkerCore;
    if (!(perCore >= RECEIVERS_PER_CORE_TARGET))
      reasons.push(
        `platform at N=${platform.largestHeld}: ${Math.round(perCore)} receivers per worker core < ${RECEIVERS_PER_CORE_TARGET}`,
      );
    if (!(platform.loss! < VERDICT_LOSS_LIMIT))
      reasons.push(
        `platform at N=${platform.largestHeld}: loss ${(platform.loss! * 100).toFixed(2)} % ≥ ${VERDICT_LOSS_LIMIT * 100} %`,
      );
  }
  if (!bare) reasons.push('bare mode not run: platform / bare unknown');
  else if (platformShare === null) reasons.push('bare held no step: platform / bare unknown');
  else if (platformShare < PLATFORM_SHARE_TARGET)
    reasons.push(
      `platform held ${platform!.largestHeld} < ${PLATFORM_SHARE_TARGET} × bare ${bare.largestHeld} (${platformShare.toFixed(2)})`,
    );
  return { build, platform, bare, platformShare, met: reasons.length === 0, reasons };
}

function describe(v: BuildVerdict): string {
  const perCore = (m: ModeAtLargest | null): string =>
    m?.receiversPerWorkerCore != null ? String(Math.round(m.receiversPerWorkerCore)) : '–';
  const figures = `platform ${perCore(v.platform)} / bare ${perCore(v.bare)} receivers per worker core, platform/bare ${v.platformShare?.toFixed(2) ?? '–'}`;
  // A short run whose steps all held says little about capacity: say so beside the verdict.
  const open = (['platform', 'bare'] as const).filter((m) => v[m] && !v[m].ceilingReached);
  const note = open.length > 0 ? `; ${open.join(' and ')} never failed a step: largest N held is a lower bound` : '';
  return `${v.build}: ${v.met ? 'MET' : 'NOT MET'} (${figures}${note})${v.met ? '' : `: ${v.reasons.join('; ')}`}`;
}

/**
 * Per build: receivers per worker core at the platform's largest held step ≥ 600 with loss < 1 %,
 * and platform largestHeld ≥ 0.9 × bare largestHeld. MET only when every build meets both.
 */
export function fanoutVerdict(
  builds: readonly { build: SrtpBuild; result: FanoutResult | null; error?: string }[],
): FanoutVerdict {
  const judged = builds.map((b) => judgeBuild(b.build, b.result, b.error));
  const met = judged.length > 0 && judged.every((v) => v.met);
  const target = `≥ ${RECEIVERS_PER_CORE_TARGET} receivers per worker core at < ${VERDICT_LOSS_LIMIT * 100} % loss, platform ≥ ${PLATFORM_SHARE_TARGET} × bare`;
  return {
    met,
    builds: judged,
    line: `verdict (${target}): ${met ? 'MET' : 'NOT MET'} — ${judged.map(describe).join(' | ')}`,
  };
}
