/** Which Node line judges which bench budget, and when a budget is decided. */
import { describe, expect, it } from "vitest";
import { budgetsFor, checkBudgets, decideRatios, type KnownMiss, MIN_ROUNDS, nodeLine, STARTUP_QUIET_SPREAD } from "../../bench/budgets.js";
import type { StartupResult } from "../../bench/startup.js";
import type { Ratio } from "../../bench/throughput.js";

const judged = (line: 20 | 22 | 24) => budgetsFor(line).map((b) => `${b.ratio} ${JSON.stringify(b.limit)}`);

describe("bench budgets", () => {
  it("judges the client against raw fetch on Node 22 and 24, and against (e) on Node 20", () => {
    expect(judged(24)).toEqual([
      'throughput d/b {"atLeast":0.95}',
      'p99 d/b {"atMost":1.15}',
      'throughput d/c {"atLeast":0.97}',
      'cpu d/b {"atMost":1.08}',
      'cpu d/e {"atMost":1.05}',
    ]);
    expect(judged(22)).toEqual(['throughput d/b {"atLeast":0.95}', 'p99 d/b {"atMost":1.15}', 'throughput d/c {"atLeast":0.97}', 'cpu d/e {"atMost":1.05}']);
    expect(judged(20)).toEqual(['throughput d/e {"atLeast":0.97}', 'p99 d/e {"atMost":1.15}', 'throughput d/c {"atLeast":0.97}', 'cpu d/e {"atMost":1.05}']);
  });

  it("maps a Node version to the line that judges it", () => {
    expect(["v20.20.2", "v21.7.0", "v22.23.3", "v23.1.0", "v24.21.0", "v26.0.0"].map(nodeLine)).toEqual([20, 20, 22, 22, 24, 24]);
  });

  it("decides nothing on fewer rounds than MIN_ROUNDS, then fails a ratio wholly on the wrong side", () => {
    const slow: Record<string, number[]> = { "throughput d/b": [0.7, 0.72, 0.69, 0.71, 0.7, 0.73, 0.7] };
    const perRound = (n: number) => (ratio: Ratio) => (slow[ratio] ?? [1.3, 0.7, 1.2, 0.8, 1.1, 0.9, 1]).slice(0, n);
    const early = decideRatios(perRound(MIN_ROUNDS - 1), "stop 64 in flight", 24);
    expect(early.every((o) => o.status === "undecided")).toBe(true);
    const later = decideRatios(perRound(MIN_ROUNDS), "stop 64 in flight", 24);
    expect(later.find((o) => o.name === "stop 64 in flight: throughput d/b")).toMatchObject({ status: "fail", limit: ">= 0.95" });
    expect(later.find((o) => o.name === "stop 64 in flight: p99 d/b")?.status).toBe("undecided");
  });

  it("reports a known miss without failing, and fails it once it is worse than it held at", () => {
    const known: KnownMiss = { workload: "start 64 in flight", ratio: "cpu d/e", line: 24, holdsAt: 1.2, cause: "measured" };
    const outcome = (center: number) =>
      decideRatios((ratio) => (ratio === "cpu d/e" ? [0.99, 1.01, 1, 1.02, 0.98, 1, 1.01].map((x) => x * center) : [1, 1, 1, 1, 1, 1, 1]), known.workload, 24, [
        known,
      ]).find((o) => o.name.endsWith("cpu d/e"));
    expect(decideRatios(() => [1.1, 1.1, 1.1, 1.1, 1.1, 1.1], known.workload, 24, []).find((o) => o.name.endsWith("cpu d/e"))?.status).toBe("fail");
    expect(outcome(1.1)?.status).toBe("known miss");
    expect(outcome(known.holdsAt * 1.1)).toMatchObject({ status: "fail", note: expect.stringMatching(/worse than/) });
    expect(outcome(0.9)).toMatchObject({ status: "pass", note: expect.stringMatching(/remove it from KNOWN_MISSES/) });
  });

  it("judges a known miss of a floor (>=) from below: it fails once the whole interval is under what it held at", () => {
    const known: KnownMiss = { workload: "start 64 in flight", ratio: "throughput d/b", line: 24, holdsAt: 0.8, cause: "measured" };
    const outcome = (center: number) =>
      decideRatios(
        (ratio) => (ratio === "throughput d/b" ? [0.99, 1.01, 1, 1.02, 0.98, 1, 1.01].map((x) => x * center) : [1, 1, 1, 1, 1, 1, 1]),
        known.workload,
        24,
        [known],
      ).find((o) => o.name.endsWith("throughput d/b"));
    expect(outcome(0.88)?.status).toBe("known miss");
    expect(outcome(0.7)).toMatchObject({ status: "fail", note: expect.stringMatching(/worse than the 0.8/) });
    expect(outcome(1)).toMatchObject({ status: "pass", note: expect.stringMatching(/remove it from KNOWN_MISSES/) });
  });

  it("times start-up only on a quiet machine, and then decides it by its interval", () => {
    const startup = (empty: number[]): StartupResult => ({
      measured: "dist/",
      runs: empty.length,
      nodeEmptyMs: [...empty].sort((x, y) => x - y)[empty.length >> 1] as number,
      importEntryMs: 0,
      importCostMs: 0,
      fastestNodeEmptyMs: Math.min(...empty),
      cliHelp: { ms: 70 },
      // The import costs 60 ms, over its 30 ms budget; --help 70 ms, under its 150.
      perRunMs: { nodeEmpty: empty, importEntry: empty.map((e, i) => e + 58 + (i % 3) * 2), cliHelp: empty.map((e) => e + 25) },
    });
    const outcomes = (empty: number[]) =>
      checkBudgets(
        {
          line: 24,
          workloads: [],
          skippedWorkloads: [],
          memory: { growthBytes: 0, calls: 1 },
          bundle: { gzipBytes: 1 },
          startup: startup(empty),
          cliBulk: { skipped: "-" },
          cliBulkLatency: { skipped: "-" },
          growth: { consumerCalls: 1, points: [], generateRatios: [], typecheckRatios: [], bundleRatioLargestToSmallest: 1 },
        },
        true,
      ).filter((o) => o.name.startsWith("start-up"));
    expect(outcomes([44, 45, 46, 45, 44, 47]).map((o) => o.status)).toEqual(["fail", "pass"]);
    const busy = outcomes([44, 90, 120, 80, 60, 110].map((x) => x * STARTUP_QUIET_SPREAD));
    expect(busy.map((o) => o.status)).toEqual(["undecided", "undecided"]);
    expect(busy[0]?.note).toMatch(/too busy to time start-up/);
  });
});
