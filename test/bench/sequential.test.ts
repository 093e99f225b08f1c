/** The bench's rounds: more while a budget is undecided, none past the time cap. */
import { describe, expect, it } from "vitest";
import { type RoundSource, sampleUntilDecided } from "../../bench/sequential.js";

/** A workload whose budgets are decided once it has `decidedAfter` rounds. */
function source(name: string, decidedAfter: number): RoundSource & { count: number } {
  const s = { name, count: 0, rounds: () => s.count, undecided: () => s.count < decidedAfter };
  return s;
}

/** Runs a round of each due source; each set takes `ms` and is recorded as [start, end]. */
function roundSets(ms = 0) {
  const spans: [number, number][] = [];
  const run = async (due: (RoundSource & { count: number })[]) => {
    const start = Date.now();
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    for (const s of due) s.count++;
    spans.push([start, Date.now()]);
  };
  return { spans, run };
}

const never = Date.now() + 3_600_000;
const quiet = () => {};

describe("bench: sampleUntilDecided", () => {
  it("runs the minimum, then more rounds only for the workloads still undecided", async () => {
    const quick = source("quick", 2);
    const slow = source("slow", 9);
    const outcome = await sampleUntilDecided([quick, slow], roundSets().run, { minRounds: 6, maxRounds: 40, deadline: never }, quiet);
    expect(outcome.stopped).toBe("decided");
    expect(quick.count).toBe(6);
    expect(slow.count).toBe(9);
  });

  it("stops at the maximum number of rounds and says so", async () => {
    const stubborn = source("stubborn", Number.POSITIVE_INFINITY);
    const outcome = await sampleUntilDecided([stubborn], roundSets().run, { minRounds: 3, maxRounds: 7, deadline: never }, quiet);
    expect(outcome.stopped).toBe("max rounds");
    expect(stubborn.count).toBe(7);
  });

  it("starts no round set expected (from the last one) to end past the time cap", async () => {
    const stubborn = source("stubborn", Number.POSITIVE_INFINITY);
    const sets = roundSets(40);
    const lines: string[] = [];
    const deadline = Date.now() + 300;
    const outcome = await sampleUntilDecided([stubborn], sets.run, { minRounds: 3, maxRounds: 1000, deadline }, (l) => lines.push(l));
    expect(outcome.stopped).toBe("time cap");
    expect(stubborn.count).toBeGreaterThan(0);
    sets.spans.slice(1).forEach(([start], i) => {
      const [lastStart, lastEnd] = sets.spans[i] as [number, number];
      expect(start + (lastEnd - lastStart)).toBeLessThanOrEqual(deadline + 5); // the ms between its check and the set's start
    });
    expect(lines.join("\n")).toMatch(/stubborn after \d+ rounds still undecided/);
  });
});
