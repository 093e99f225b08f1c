/**
 * The workloads (stop or start, sequential or 64 in flight), measured in interleaved paired rounds:
 * a round runs every contender once, back to back, so that the ratios of one round share the
 * machine's state of that moment. Each round set runs in a fresh process (bench/round-worker.ts),
 * and the contenders' order rotates from round to round (b c d e, c d e b, …), so that no
 * contender always runs right after the same one.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Contender, Workload } from "./contenders.js";
import type { LoadResult } from "./harness.js";
import type { RoundRequest, RoundResult, WorkloadPlan } from "./round-worker.js";
import { type Estimate, estimateRatio, median, round } from "./stats.js";

export type { WorkloadPlan };

/** The ratios reported for each workload, each computed round by round from paired runs. */
const RATIOS = {
  "throughput d/b": (r) => r.d.rps / r.b.rps,
  "throughput d/c": (r) => r.d.rps / r.c.rps,
  "throughput d/e": (r) => r.d.rps / r.e.rps,
  "throughput e/b": (r) => r.e.rps / r.b.rps,
  "throughput b/a": (r) => r.b.rps / r.a.rps,
  "p99 d/b": (r) => r.d.p99Ms / r.b.p99Ms,
  "p99 d/e": (r) => r.d.p99Ms / r.e.p99Ms,
  "cpu d/b": (r) => r.d.cpuUsPerCall / r.b.cpuUsPerCall,
  "cpu d/e": (r) => r.d.cpuUsPerCall / r.e.cpuUsPerCall,
  "cpu d/c": (r) => r.d.cpuUsPerCall / r.c.cpuUsPerCall,
} satisfies Record<string, (round: Record<Contender, LoadResult>) => number>;
export type Ratio = keyof typeof RATIOS;
export const RATIO_NAMES = Object.keys(RATIOS) as Ratio[];

/** The contenders a ratio compares, e.g. "d" and "b" for "cpu d/b". */
export function ratioContenders(ratio: Ratio): [Contender, Contender] {
  const [, pair = ""] = ratio.split(" ");
  return pair.split("/") as [Contender, Contender];
}

export interface ContenderSummary {
  /** Medians over the rounds. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  cpuUsPerCall: number;
  rounds: LoadResult[];
}

export interface WorkloadResult {
  name: string;
  calls: number;
  inFlight: number;
  rounds: number;
  contenders: Partial<Record<Contender, ContenderSummary>>;
  /** Each ratio's typical value over the rounds, with its 95 % interval (bench/stats.ts). */
  ratios: Partial<Record<Ratio, Estimate>>;
  /** Set when `--inject-slowdown` planted a regression in (d)'s path: the median CPU it burnt per call. */
  injectedSlowdown?: { fraction: number; burnUsPerCall: number };
}

export function workloadName(workload: Workload, inFlight: number): string {
  return `${workload} ${inFlight === 1 ? "sequential" : `${inFlight} in flight`}`;
}

/** One workload's rounds so far. */
export class WorkloadRounds {
  readonly name: string;
  private readonly measured: RoundResult[] = [];

  constructor(
    readonly plan: WorkloadPlan,
    private readonly slowdownFraction?: number,
  ) {
    this.name = workloadName(plan.workload, plan.inFlight);
  }

  rounds = (): number => this.measured.length;

  add(result: RoundResult, log: (line: string) => void): void {
    this.measured.push(result);
    const { results } = result;
    const rps = this.plan.contenders.map((who) => `${who} ${Math.round(results[who].rps)}`).join("  ");
    const cpu = this.plan.contenders.map((who) => `${who} ${Math.round(results[who].cpuUsPerCall)}`).join("  ");
    log(`  ${this.name}, round ${this.measured.length}: ${rps} req/s; CPU ${cpu} µs/call`);
  }

  /** The ratio measured in each round so far. */
  perRound = (ratio: Ratio): number[] => this.measured.map(({ results }) => RATIOS[ratio](results));

  result(): WorkloadResult {
    const { contenders: who, calls, inFlight } = this.plan;
    const contenders: WorkloadResult["contenders"] = {};
    for (const c of who) {
      const rs = this.measured.map((m) => m.results[c]);
      const med = (key: keyof LoadResult, digits = 3) => round(median(rs.map((x) => x[key])), digits);
      contenders[c] = {
        rps: med("rps", 1),
        p50Ms: med("p50Ms"),
        p99Ms: med("p99Ms"),
        cpuUsPerCall: med("cpuUsPerCall", 1),
        rounds: rs.map((x) => ({ rps: round(x.rps, 1), p50Ms: round(x.p50Ms), p99Ms: round(x.p99Ms), cpuUsPerCall: round(x.cpuUsPerCall, 1) })),
      };
    }
    const ratios: WorkloadResult["ratios"] = {};
    for (const ratio of RATIO_NAMES) {
      if (this.measured.length === 0 || !ratioContenders(ratio).every((c) => who.includes(c))) continue;
      const e = estimateRatio(this.perRound(ratio));
      ratios[ratio] = { value: round(e.value), low: round(e.low), high: round(e.high), rounds: e.rounds };
    }
    const burns = this.measured.map((m) => m.burnUsPerCall).filter((b): b is number => b !== undefined);
    return {
      name: this.name,
      calls,
      inFlight,
      rounds: this.measured.length,
      contenders,
      ratios,
      ...(this.slowdownFraction !== undefined && burns.length > 0
        ? { injectedSlowdown: { fraction: this.slowdownFraction, burnUsPerCall: round(median(burns), 2) } }
        : {}),
    };
  }
}

/** Runs one round of each of `workloads` in a fresh process (bench/round-worker.ts) and records it. */
export async function runRoundSet(workloads: WorkloadRounds[], request: Omit<RoundRequest, "items">, log: (line: string) => void): Promise<void> {
  const child = fork(fileURLToPath(new URL("round-worker.ts", import.meta.url)), [], {
    execArgv: ["--expose-gc", "--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  try {
    type Reply = { rounds?: RoundResult[]; error?: string };
    const reply = await Promise.race<Reply>([
      new Promise<Reply>((resolve, reject) => {
        child.once("error", reject);
        child.once("message", resolve);
        child.send({ ...request, items: workloads.map((w) => ({ plan: w.plan, round: w.rounds() })) } satisfies RoundRequest);
      }),
      exited.then((code) => ({ error: `exited with ${code} before answering` })),
    ]);
    if (!reply.rounds) throw new Error(`bench round worker: ${reply.error}`);
    reply.rounds.forEach((r, i) => workloads[i]?.add(r, log));
  } finally {
    if (child.connected) child.disconnect();
    await exited; // the next round starts on a machine this one has left
  }
}
