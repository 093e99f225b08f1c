/**
 * The budgets, and which Node line judges each.
 *
 * Ratios of contenders (throughput, p99 latency, CPU per call) are measured in paired rounds and
 * decided by their 95 % interval (bench/stats.ts): pass when the whole interval is on the budget's
 * side, fail when the whole of it is on the wrong side, undecided otherwise (which does not fail).
 * The other budgets are single figures, far from their limits or deterministic.
 */
import type { CliBulkResult } from "./cli-bulk.js";
import type { GrowthResult } from "./growth.js";
import type { StartupResult } from "./startup.js";
import { estimateLevel, estimateRatio, type Limit, limitText, median, round, type Verdict, verdict } from "./stats.js";
import type { Ratio, WorkloadRounds } from "./throughput.js";

/** The Node release lines the budgets name. An odd or newer release is judged with the even line below it. */
export const NODE_LINES = [20, 22, 24] as const;
export type NodeLine = (typeof NODE_LINES)[number];

export function nodeLine(version: string): NodeLine {
  const major = Number(/^v?(\d+)/.exec(version)?.[1]);
  return major >= 24 ? 24 : major >= 22 ? 22 : 20;
}

export interface RatioBudget {
  ratio: Ratio;
  limit: Limit;
  /** The Node lines on which it is judged; on the others the ratio is only reported. */
  lines: readonly NodeLine[];
}

/**
 * Node 20 reached its end of life on 2026-04-30, and its fetch pays about 15 % for following any
 * AbortSignal, which a timeout that really cancels needs. So the client is judged against raw
 * fetch (b) on Node 22 and 24, and on Node 20 against (e), fetch with the same timeout guarantee.
 * CPU per call, which other processes on the machine move far less than wall-clock throughput,
 * is judged against fetch on Node 24 and against (e) on every line.
 */
export const RATIO_BUDGETS: readonly RatioBudget[] = [
  { ratio: "throughput d/b", limit: { atLeast: 0.95 }, lines: [22, 24] },
  { ratio: "p99 d/b", limit: { atMost: 1.15 }, lines: [22, 24] },
  { ratio: "throughput d/e", limit: { atLeast: 0.97 }, lines: [20] },
  { ratio: "p99 d/e", limit: { atMost: 1.15 }, lines: [20] },
  { ratio: "throughput d/c", limit: { atLeast: 0.97 }, lines: NODE_LINES },
  { ratio: "cpu d/b", limit: { atMost: 1.08 }, lines: [24] },
  { ratio: "cpu d/e", limit: { atMost: 1.05 }, lines: NODE_LINES },
];

export function budgetsFor(line: NodeLine): RatioBudget[] {
  return RATIO_BUDGETS.filter((b) => b.lines.includes(line));
}

/**
 * The CLI bulk budget, on the latency workload of the bulk issue (issue 14): a server that answers
 * after 25 ms, 2 000 ids at `--concurrency 16`, whose floor is 16 / 0.025 s = 640 ids/s; the CLI
 * reaches at least 0.9 of it. That workload has a bench file of its own, not in this checkout yet.
 * To plug it in, have it give the ids/s of each run it makes, and pass them to checkBudgets as
 * `cliBulkLatency` (bench/run.ts): from MIN_ROUNDS runs on they are decided by their interval like
 * the ratios, below that by their median. The loopback CLI figure (bench/cli-bulk.ts) stays a report.
 */
export const CLI_BULK_LATENCY = { ids: 2_000, concurrency: 16, latencyMs: 25, ofFloor: 0.9 } as const;
export const CLI_BULK_LATENCY_FLOOR = CLI_BULK_LATENCY.concurrency / (CLI_BULK_LATENCY.latencyMs / 1000);
export type CliBulkLatencyResult = { idsPerSecondPerRun: number[] } | { skipped: string };

export interface BudgetOutcome {
  name: string;
  /** e.g. ">= 0.95" */
  limit: string;
  value: number | null;
  /** The 95 % interval of `value`, for the budgets decided by one. */
  interval?: [number, number];
  /** "known miss": missed, listed in KNOWN_MISSES with its cause, and no worse than listed there. */
  status: Verdict | "known miss" | "skipped";
  note?: string;
}

/**
 * Budgets measured as missed, with their measured cause. The check reports each as a known miss and
 * does not fail on it, unless it gets worse: it fails when the whole interval lies above `holdsAt`, the
 * worst this machine measured, rounded up. Delete an entry to have its budget fail the check again.
 */
export interface KnownMiss {
  workload: string;
  ratio: Ratio;
  line: NodeLine;
  holdsAt: number;
  cause: string;
}

const START_CAUSE =
  "the JSON answer's workload costs the client more CPU per call than fetch, most in the CI check's short rounds " +
  "(2 000 calls a round at 64 in flight, 600 one at a time, in a process warmed by 700 calls): there its CPU per call was 7 to " +
  "19 % above fetch's over the check runs of 2026-11-30, and at 64 in flight the process is CPU-bound, so " +
  "throughput follows. In the full run (5 000 and 2 000 calls a round, warmed by 4 000) Node 24 measured " +
  "d/b 1.002 (0.981-1.033) at 64 in flight and 1.01 (0.982-1.039) one at a time, cpu d/b 1.001, cpu d/e 1.068. " +
  "Warm, in-process with a fake fetch at 64 in flight, a call costs 28 us against 18.5 us for fetch with a timeout: " +
  "the param checks, openapi-fetch's URL serializers, the answer check and a TextDecoder per call, about 0.5 to 1 us " +
  "each, the rest promises, stream reads and garbage. In short rounds more of it runs before the JIT has optimised it";

const START_SEQUENTIAL_CPU_CAUSE =
  "in the full run on Node 24, one call at a time, (e) measured cheaper than bare fetch (b), though it does b's " +
  "work plus a timer: in the same rounds the client measured cpu d/b 0.983 (0.94-1.025) and throughput d/b 1.01; " +
  "the check runs measured d/e 1.04 to 1.10, undecided";

const NODE22_START_CAUSE =
  "Node 22's full run: following a timeout signal costs fetch 3 % at 64 in flight (throughput e/b 0.969), and the " +
  "client's JSON path 4 to 7 % more CPU than fetch (cpu d/b 1.066 at 64 in flight, 1.041 one at a time; cpu d/e " +
  "1.036 and 1.075), less than bare openapi-fetch's (cpu d/c 0.985 and 0.974); the same code measured cpu d/b " +
  "1.001 on Node 24";

export const KNOWN_MISSES: readonly KnownMiss[] = [
  // Node 24, check runs of 2026-11-30 on a 2-core machine: cpu d/e 1.05 to 1.15, cpu d/b 1.07 to 1.19.
  { workload: "start 64 in flight", ratio: "cpu d/e", line: 24, holdsAt: 1.2, cause: START_CAUSE },
  { workload: "start 64 in flight", ratio: "cpu d/b", line: 24, holdsAt: 1.2, cause: START_CAUSE },
  // Node 24: 0.86 (0.734-0.912) under load about 4, 0.863 to 1.019 on a quiet machine.
  { workload: "start 64 in flight", ratio: "throughput d/b", line: 24, holdsAt: 0.8, cause: START_CAUSE },
  // Node 24, seven check runs: 0.854 to 0.992; one decided it, 0.866 (0.809-0.95).
  { workload: "start sequential", ratio: "throughput d/b", line: 24, holdsAt: 0.8, cause: START_CAUSE },
  // Node 24 full run: 1.145 (1.097-1.2).
  { workload: "start sequential", ratio: "cpu d/e", line: 24, holdsAt: 1.25, cause: START_SEQUENTIAL_CPU_CAUSE },
  // Node 24, three check runs of 2026-12-06 on one commit's code: 1.12 (1.054-1.193), 1.122 (1.061-1.191),
  // 1.156 (1.08-1.228), the last decided by 0.000; the full run of 2026-11-30 measured 0.983 (0.94-1.025).
  { workload: "start sequential", ratio: "cpu d/b", line: 24, holdsAt: 1.25, cause: START_CAUSE },
  // Node 22 full run: 0.924 (0.909-0.939).
  { workload: "start 64 in flight", ratio: "throughput d/b", line: 22, holdsAt: 0.85, cause: NODE22_START_CAUSE },
  // Node 22 full run: 1.075 (1.05-1.105).
  { workload: "start sequential", ratio: "cpu d/e", line: 22, holdsAt: 1.15, cause: NODE22_START_CAUSE },
];

export function ratioBudgetName(workload: string, ratio: Ratio): string {
  return `${workload}: ${ratio}`;
}

/** Fewer rounds than this decide nothing: the bootstrap's interval of a handful of rounds is too narrow. */
export const MIN_ROUNDS = 6;

/**
 * The CLI bulk budgets of the bulk issue measured as missed, with their measured cause. Unlike the
 * ratios above they are measured against an absolute figure, not side by side, so machine load moves
 * them; each is reported as a known miss unless it gets worse than `holdsAt`.
 */
export const CLI_KNOWN_MISSES: readonly { prefix: string; holdsAt: number; direction: "atLeast" | "atMost"; cause: string }[] = [
  {
    prefix: "CLI bulk stop, 25 ms latency",
    holdsAt: 0.45,
    direction: "atLeast",
    cause:
      "the floor (16 / 25 ms = 640 ids/s) is absolute: on this 2-core machine bare fetch reached 183-477 req/s against the same server, and the CLI kept pace with it (0.75-1.32 of bare fetch)",
  },
  {
    prefix: "CLI bulk stop, token bucket 150/s burst 10: time",
    holdsAt: 2,
    direction: "atMost",
    cause:
      "the first 16 requests overflow the burst of 10 and carry no rate, so a client that honours Retry-After: 1 pauses twice before it learns the rate: about 12.6 s with no CPU contention (simulated), 14-18.5 s measured here",
  },
];

/** `outcome`, as a known miss when it is one of CLI_KNOWN_MISSES and no worse than it held at. */
export function withKnownCliMiss(outcome: BudgetOutcome): BudgetOutcome {
  const known = CLI_KNOWN_MISSES.find((k) => outcome.name.startsWith(k.prefix));
  if (!known || outcome.status !== "fail" || outcome.value === null) return outcome;
  const worse = known.direction === "atLeast" ? outcome.value < known.holdsAt : outcome.value > known.holdsAt;
  return worse
    ? { ...outcome, note: `a known miss, now worse than the ${known.holdsAt} it held at` }
    : { ...outcome, status: "known miss", note: `${known.cause}; fails if worse than ${known.holdsAt}` };
}

/** The ratio budgets of one workload on one Node line, decided on the rounds measured so far. */
export function decideRatios(
  perRound: (ratio: Ratio) => number[],
  workload: string,
  line: NodeLine,
  knownMisses: readonly KnownMiss[] = KNOWN_MISSES,
): BudgetOutcome[] {
  return budgetsFor(line).map(({ ratio, limit }): BudgetOutcome => {
    const rounds = perRound(ratio);
    const name = ratioBudgetName(workload, ratio);
    if (rounds.length === 0) return { name, limit: limitText(limit), value: null, status: "undecided", note: "no round measured before the time cap" };
    const e = estimateRatio(rounds);
    const outcome: BudgetOutcome = { name, limit: limitText(limit), value: round(e.value), interval: [round(e.low), round(e.high)], status: "undecided" };
    if (rounds.length < MIN_ROUNDS) return { ...outcome, note: `only ${rounds.length} rounds (${MIN_ROUNDS} decide)` };
    const status = verdict(e, limit);
    const known = knownMisses.find((k) => k.workload === workload && k.ratio === ratio && k.line === line);
    if (!known) return { ...outcome, status };
    if (status === "pass") return { ...outcome, status, note: "met now: remove it from KNOWN_MISSES (bench/budgets.ts)" };
    if (status === "undecided") return { ...outcome, status, note: `a known miss: ${known.cause}` };
    return verdict(e, "atLeast" in limit ? { atLeast: known.holdsAt } : { atMost: known.holdsAt }) === "fail"
      ? { ...outcome, status: "fail", note: `a known miss, now worse than the ${known.holdsAt} it held at` }
      : { ...outcome, status: "known miss", note: `${known.cause}; fails if worse than ${known.holdsAt}` };
  });
}

/** Whether more rounds of `run` could still decide one of its budgets. */
export function stillUndecided(run: WorkloadRounds, line: NodeLine): boolean {
  return run.rounds() < MIN_ROUNDS || decideRatios(run.perRound, run.name, line).some((o) => o.status === "undecided");
}

/**
 * Start-up is wall-clock time of whole processes, which no pairing shields from a loaded machine:
 * there everything, CPU time included, runs several times slower, and a process's import grows more
 * than an empty one. So start-up is judged only when the machine is quiet, that is when the median
 * `node -e ""` is within this factor of the fastest; otherwise its budgets are undecided. When quiet,
 * each is decided by its interval over the runs, like the ratios.
 */
export const STARTUP_QUIET_SPREAD = 1.25;

function startupOutcomes(s: StartupResult): BudgetOutcome[] {
  const spread = s.nodeEmptyMs / s.fastestNodeEmptyMs;
  const busy =
    spread > STARTUP_QUIET_SPREAD
      ? `machine too busy to time start-up: median node -e "" ${s.nodeEmptyMs} ms, ${round(spread, 2)} x the fastest (quiet: up to ${STARTUP_QUIET_SPREAD})`
      : undefined;
  const judge = (name: string, perRun: number[], max: number, note?: string): BudgetOutcome => {
    const e = estimateLevel(perRun);
    const limit: Limit = { atMost: max };
    const notes = [busy, note].filter(Boolean).join("; ");
    return {
      name,
      limit: limitText(limit),
      value: round(e.value, 1),
      interval: [round(e.low, 1), round(e.high, 1)],
      status: busy ? "undecided" : verdict(e, limit),
      ...(notes ? { note: notes } : {}),
    };
  };
  const { nodeEmpty, importEntry, cliHelp } = s.perRunMs;
  const help = "start-up: thulium-chat --help (ms)";
  return [
    judge(
      "start-up: import('thulium-chat-client') minus node -e \"\" (ms)",
      importEntry.map((m, i) => m - (nodeEmpty[i] as number)),
      LIMITS.importCostMs,
      s.measured,
    ),
    "ms" in s.cliHelp
      ? judge(help, cliHelp, LIMITS.cliHelpMs)
      : { name: help, limit: `<= ${LIMITS.cliHelpMs}`, value: null, status: "skipped", note: s.cliHelp.skipped },
  ];
}

/** The single-figure budgets. */
export const LIMITS = {
  heapGrowthMB: 2,
  // 6 KiB until the client stopped trusting the wire (issue 12): the one schema checker for parameters and
  // answers (smaller than Ajv's standalone code by measurement), bounded reads, refused unknown options and
  // header values, clean error messages, and runtime-neutral auth (issue 15) took the stop-through-/core
  // app from 5613 to about 7300 B. The checker alone took it to 6335 B. What the budget still guards: an
  // app bundles no code of the operations it does not call (the growth budget) and no response check
  // when its operations answer no JSON. 7.5 KiB until the second hostile pass and the first-hour fixes
  // (issues 22 and 23), measured on the same app: the suggestion of the nearest option name by edit
  // distance (leven, +550 B), the refusal of JSON nested too deep (+150 B), a baseUrl on a Thulium host
  // outside /api refused, one listener per shared AbortSignal, and error entries read only as scalars took
  // it from 7424 to 8369 B. The environment defaults stay out of it: only createThuliumClient reads them.
  bundleGzipBytes: 8.5 * 1024,
  importCostMs: 30,
  cliHelpMs: 150,
  cliRssRatio: 1.3,
  growthPer4x: 4,
  growthBundleRatio: 1.02,
} as const;

const RATIO_WHAT: Record<string, string> = {
  throughput: "throughput (req/s)",
  p99: "p99 latency",
  cpu: "CPU time per call",
};

/** Every budget as one row: what, limit, where it is judged; for bench/README.md. */
export function describeBudgets(names: Record<string, string>): [string, string, string][] {
  const lines = (ls: readonly NodeLine[]) => (ls.length === NODE_LINES.length ? "every line" : ls.map((l) => `Node ${l}`).join(", "));
  const rows: [string, string, string][] = RATIO_BUDGETS.map(({ ratio, limit, lines: ls }) => {
    const [kind = "", pair = ""] = ratio.split(" ");
    const [x = "", y = ""] = pair.split("/");
    return [`${RATIO_WHAT[kind]} ${pair}: ${names[x]} / ${names[y]}, each workload`, limitText(limit), lines(ls)];
  });
  const every = "every line";
  rows.push(
    [
      `CLI bulk stop, server answering after ${CLI_BULK_LATENCY.latencyMs} ms: ${CLI_BULK_LATENCY.ids} ids at --concurrency ${CLI_BULK_LATENCY.concurrency}, ids/s / ${CLI_BULK_LATENCY_FLOOR} ids/s floor`,
      `>= ${CLI_BULK_LATENCY.ofFloor}`,
      every,
    ],
    ["heap used after `global.gc()`, 100 000 calls after warm-up: growth (MB)", `<= ${LIMITS.heapGrowthMB}`, every],
    ["esbuild bundle (minified, gzipped) of an app calling one operation (bytes)", `<= ${LIMITS.bundleGzipBytes}`, every],
    ['`node -e "import(\'thulium-chat-client\')"` minus `node -e ""` right before it (ms)', `<= ${LIMITS.importCostMs}`, every],
    ["`thulium-chat --help` (ms)", `<= ${LIMITS.cliHelpMs}`, every],
    ["CLI peak RSS, 10 000 ids / 1 000 ids (heap headroom pinned)", `<= ${LIMITS.cliRssRatio}`, every],
    ["generation and `tsc --noEmit` time per 4x operations (linear)", `<= ${LIMITS.growthPer4x}`, every],
    ["bundle of an app calling one operation, 800 / 50 operations in the spec (must not grow)", `<= ${LIMITS.growthBundleRatio}`, every],
  );
  return rows;
}

interface Measured {
  line: NodeLine;
  workloads: WorkloadRounds[];
  skippedWorkloads: { name: string; reason: string }[];
  memory: { growthBytes: number; calls: number };
  bundle: { gzipBytes: number };
  startup: StartupResult;
  cliBulk: CliBulkResult;
  cliBulkLatency: CliBulkLatencyResult;
  growth: GrowthResult;
}

const MB = 1024 * 1024;
// 1.3 flags a CLI that holds its input or results, not garbage waiting for a collection: with the
// heap's headroom pinned (bench/cli-bulk.ts) a CLI that keeps nothing per id measures 1.0 to 1.1.
const RSS_NOTE = "heap headroom pinned: --max-semi-space-size=1 --optimize-for-size";

/** Every budget; `ci` (the short run) loosens the two single-figure ratios measured on few runs. */
export function checkBudgets(m: Measured, ci: boolean): BudgetOutcome[] {
  const out: BudgetOutcome[] = [];
  const slack = (points: number) => (ci ? points : 0);
  const atMost = (name: string, value: number, max: number, note?: string) =>
    out.push({ name, limit: `<= ${round(max)}`, value, status: value <= max ? "pass" : "fail", ...(note ? { note } : {}) });
  const skipped = (name: string, limit: string, reason: string) => out.push({ name, limit, value: null, status: "skipped", note: reason });

  for (const w of m.workloads) out.push(...decideRatios(w.perRound, w.name, m.line));
  for (const s of m.skippedWorkloads) {
    for (const b of budgetsFor(m.line)) skipped(ratioBudgetName(s.name, b.ratio), limitText(b.limit), s.reason);
  }
  atMost(`memory: heap growth after ${m.memory.calls} calls (MB)`, round(m.memory.growthBytes / MB), LIMITS.heapGrowthMB);
  atMost("bundle: app calling one operation (gzip bytes)", m.bundle.gzipBytes, LIMITS.bundleGzipBytes);
  out.push(...startupOutcomes(m.startup));

  const latencyName = `CLI bulk stop, ${CLI_BULK_LATENCY.latencyMs} ms latency: ids/s / ${CLI_BULK_LATENCY_FLOOR} ids/s floor (${CLI_BULK_LATENCY.ids} ids, --concurrency ${CLI_BULK_LATENCY.concurrency})`;
  const latencyLimit: Limit = { atLeast: CLI_BULK_LATENCY.ofFloor };
  if ("skipped" in m.cliBulkLatency) skipped(latencyName, limitText(latencyLimit), m.cliBulkLatency.skipped);
  else {
    const runs = m.cliBulkLatency.idsPerSecondPerRun.map((v) => v / CLI_BULK_LATENCY_FLOOR);
    const e = estimateRatio(runs);
    const status = runs.length >= MIN_ROUNDS ? verdict(e, latencyLimit) : median(runs) >= CLI_BULK_LATENCY.ofFloor ? "pass" : "fail";
    out.push({ name: latencyName, limit: limitText(latencyLimit), value: round(e.value), interval: [round(e.low), round(e.high)], status });
  }
  if ("skipped" in m.cliBulk) skipped("CLI bulk stop: peak RSS 10x ids / 1x ids", `<= ${LIMITS.cliRssRatio}`, m.cliBulk.skipped);
  else
    atMost(
      `CLI bulk stop: peak RSS ${m.cliBulk.ids} ids / ${m.cliBulk.smallIds} ids`,
      m.cliBulk.rssRatioLargeToSmall,
      LIMITS.cliRssRatio + slack(0.05),
      RSS_NOTE,
    );

  const sizes = m.growth.points.map((p) => p.operations);
  const linear = LIMITS.growthPer4x + slack(0.2);
  m.growth.generateRatios.forEach((r, i) => atMost(`growth: generate time ${sizes[i + 1]}/${sizes[i]} operations (linear: 4)`, r, linear));
  m.growth.typecheckRatios.forEach((r, i) => atMost(`growth: tsc --noEmit time ${sizes[i + 1]}/${sizes[i]} operations (linear: 4)`, r, linear));
  atMost(
    `growth: bundle of an app calling 1 operation, ${sizes.at(-1)}/${sizes[0]} operations in the spec`,
    m.growth.bundleRatioLargestToSmallest,
    LIMITS.growthBundleRatio,
    "must not grow with operations the app does not call",
  );
  return out;
}
