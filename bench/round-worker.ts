/**
 * One round of each workload it is given, in a process of its own (forked by bench/throughput.ts),
 * then exits. A fresh process per round: JIT and heap layout bias every round of one process alike
 * (CPU per call of the client over fetch measured 1.086 in one process and 0.986 in another, each
 * with a narrow interval), so only rounds from separate processes give an interval that holds.
 */
import { type ContenderA, startContenderA } from "./contender-undici-process.js";
import { type Contender, IDS, makeContenders } from "./contenders.js";
import { collectGarbage, type LoadResult, runLoad } from "./harness.js";
import { importClient } from "./package-under-test.js";
import { createSlowdown } from "./slowdown.js";

export interface WorkloadPlan {
  workload: "stop" | "start";
  /** Calls per contender per round. */
  calls: number;
  inFlight: number;
  /** Unmeasured calls each contender makes once the process starts, to warm it up. */
  warmupCalls: number;
  /**
   * Unmeasured calls each contender makes right before its measured run, so that each is measured
   * warm whatever ran before it. (Before (a) had a process of its own, whichever fetch contender ran
   * after it was measured up to 30 % slow for about 3 000 calls.)
   */
  rewarmCalls: number;
  /** (a) is a reference with no budget: the full run measures it, the CI check leaves it out. */
  contenders: readonly Contender[];
}

export interface RoundRequest {
  baseUrl: string;
  /** The package's main entry (dist/index.js): the client (d) under test. */
  entry: string;
  /** The workloads to run a round of, each with its round's number (the contenders' order rotates with it). */
  items: { plan: WorkloadPlan; round: number }[];
  /** `--inject-slowdown`: (d) burns this fraction of its own CPU per call more (bench/slowdown.ts). */
  slowdownFraction?: number;
}

export interface RoundResult {
  results: Record<Contender, LoadResult>;
  /** With a slowdown: the CPU (d) burnt per call, in µs. */
  burnUsPerCall?: number;
}

async function runRound(request: RoundRequest, plan: WorkloadPlan, round: number, contenderA: () => ContenderA): Promise<RoundResult> {
  const slowdown = request.slowdownFraction === undefined ? undefined : createSlowdown(request.slowdownFraction);
  const calls = makeContenders(request.baseUrl, plan.workload, await importClient(request.entry), slowdown?.fetch);
  const load = (who: Contender, count: number) =>
    who === "a"
      ? contenderA().run({ baseUrl: request.baseUrl, workload: plan.workload, ids: IDS, calls: count, inFlight: plan.inFlight })
      : runLoad(calls[who], count, plan.inFlight);
  for (const who of plan.contenders) await load(who, plan.warmupCalls);
  if (slowdown) {
    collectGarbage();
    slowdown.calibrate((await load("d", Math.max(plan.rewarmCalls, 1_000))).cpuUsPerCall);
  }
  const n = plan.contenders.length;
  const results = {} as Record<Contender, LoadResult>;
  for (let i = 0; i < n; i++) {
    const who = plan.contenders[(i + round) % n] as Contender;
    await load(who, plan.rewarmCalls);
    collectGarbage(); // one contender's garbage is not billed to the next
    results[who] = await load(who, plan.calls);
  }
  return { results, ...(slowdown ? { burnUsPerCall: slowdown.burnUsPerCall() } : {}) };
}

process.once("message", async (request: RoundRequest) => {
  let a: ContenderA | undefined;
  const contenderA = () => {
    a ??= startContenderA();
    return a;
  };
  try {
    const rounds: RoundResult[] = [];
    for (const { plan, round } of request.items) rounds.push(await runRound(request, plan, round, contenderA));
    process.send?.({ rounds });
  } catch (err) {
    process.send?.({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  } finally {
    await a?.stop();
  }
});
process.on("disconnect", () => process.exit(0));
