/**
 * `--inject-slowdown F`: a regression planted in the client's path, to show that the check fails
 * on one. The client under test is given a `fetch` (its documented `fetch` option) that first
 * burns F × the client's own measured CPU per call, then calls the global fetch as the default
 * one does. src/ is not touched.
 *
 * What it stands for: synchronous CPU work added to every call (slower validation, URL or header
 * building, body parsing). It adds no allocations, no garbage and no awaits, so it does not stand
 * for a regression that slows a call by waiting or by loading the garbage collector.
 */

let sink = 0;

function spin(iterations: number): void {
  let x = sink | 1;
  for (let i = 0; i < iterations; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  sink = x;
}

/** Loop iterations per microsecond of this process's CPU time, measured rather than assumed. */
function iterationsPerMicrosecond(): number {
  spin(1_000_000); // let the JIT compile the loop first
  const iterations = 20_000_000;
  const before = process.cpuUsage();
  spin(iterations);
  const used = process.cpuUsage(before);
  return iterations / Math.max(1, used.user + used.system);
}

export interface Slowdown {
  fraction: number;
  /** The `fetch` to give the client: burns the set CPU, then sends. */
  fetch: typeof fetch;
  /** Sets the burn to `fraction` × `cpuUsPerCall`, the client's own CPU per call measured without it. */
  calibrate(cpuUsPerCall: number): void;
  /** The CPU burnt per call, in microseconds (0 before `calibrate`). */
  burnUsPerCall(): number;
}

export function createSlowdown(fraction: number): Slowdown {
  if (!(fraction > 0 && fraction <= 5)) throw new Error(`--inject-slowdown takes a fraction of CPU to add per call, e.g. 0.2; got ${fraction}`);
  const rate = iterationsPerMicrosecond();
  let burnUs = 0;
  let iterations = 0;
  return {
    fraction,
    fetch: (input, init) => {
      spin(iterations);
      return globalThis.fetch(input, init);
    },
    calibrate: (cpuUsPerCall) => {
      burnUs = fraction * cpuUsPerCall;
      iterations = Math.round(burnUs * rate);
    },
    burnUsPerCall: () => burnUs,
  };
}
