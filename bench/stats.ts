/** Statistics of the bench: percentiles, medians, and the interval that decides a budget. */

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] as number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Mean of the values left once the lowest and highest `TRIM` of them are set aside: one round
 * that another process on the machine slowed moves it far less than it moves a plain mean.
 */
const TRIM = 0.2;

function trimmedMean(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const cut = Math.floor(sorted.length * TRIM);
  let sum = 0;
  for (let i = cut; i < sorted.length - cut; i++) sum += sorted[i] as number;
  return sum / (sorted.length - 2 * cut);
}

/** mulberry32: a small seeded generator, so the same rounds always give the same interval. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Estimate {
  /** The trimmed mean of the rounds (for a ratio, exp of that of their logs: a typical round's ratio). */
  value: number;
  /** The bootstrap's 95 % interval of `value`. */
  low: number;
  high: number;
  rounds: number;
}

const RESAMPLES = 4000;

/** Trimmed mean of `values` and its percentile-bootstrap 95 % interval (resampling the rounds, seeded). */
function bootstrap(values: Float64Array): { value: number; low: number; high: number } {
  const n = values.length;
  const random = seeded(0x5eed ^ n);
  const stats = new Float64Array(RESAMPLES);
  const resample = new Float64Array(n);
  for (let b = 0; b < RESAMPLES; b++) {
    for (let i = 0; i < n; i++) resample[i] = values[Math.floor(random() * n)] as number;
    stats[b] = trimmedMean(resample);
  }
  stats.sort();
  return { value: trimmedMean(values), low: percentile(stats, 0.025), high: percentile(stats, 0.975) };
}

/**
 * A ratio measured once per round (e.g. the client's req/s over fetch's in the same round):
 * estimated on logs, so that 0.8 and 1.25 weigh the same.
 */
export function estimateRatio(perRound: number[]): Estimate {
  if (perRound.length === 0 || perRound.some((r) => !(r > 0) || !Number.isFinite(r))) {
    throw new Error(`estimateRatio: each round needs a positive finite ratio, got [${perRound.join(", ")}]`);
  }
  const { value, low, high } = bootstrap(Float64Array.from(perRound, Math.log));
  return { value: Math.exp(value), low: Math.exp(low), high: Math.exp(high), rounds: perRound.length };
}

/** A quantity measured once per run (e.g. milliseconds). */
export function estimateLevel(perRun: number[]): Estimate {
  if (perRun.length === 0 || perRun.some((v) => !Number.isFinite(v))) throw new Error(`estimateLevel: got [${perRun.join(", ")}]`);
  return { ...bootstrap(Float64Array.from(perRun)), rounds: perRun.length };
}

/** A budget: at least or at most a value. */
export type Limit = { atLeast: number } | { atMost: number };

export type Verdict = "pass" | "fail" | "undecided";

/**
 * Pass when the whole interval is on the budget's side, fail when the whole of it is on the
 * wrong side; otherwise the rounds so far cannot tell, and the budget is undecided.
 */
export function verdict(estimate: Estimate, limit: Limit): Verdict {
  if ("atLeast" in limit) {
    if (estimate.low >= limit.atLeast) return "pass";
    if (estimate.high < limit.atLeast) return "fail";
    return "undecided";
  }
  if (estimate.high <= limit.atMost) return "pass";
  if (estimate.low > limit.atMost) return "fail";
  return "undecided";
}

export function limitText(limit: Limit): string {
  return "atLeast" in limit ? `>= ${limit.atLeast}` : `<= ${limit.atMost}`;
}
