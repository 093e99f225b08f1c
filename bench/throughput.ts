/** Interleaved rounds (a b c d, a b c d, …) of one workload; medians over the rounds. */
import { CONTENDERS, type Contender, IDS, makeContenders, type Workload } from "./contenders.js";
import { collectGarbage, type LoadResult, median, round, runLoad, startContenderA } from "./harness.js";

export interface WorkloadPlan {
  workload: Workload;
  /** Calls per contender per round. */
  calls: number;
  inFlight: number;
  rounds: number;
  warmupCalls: number;
  /**
   * Unmeasured calls each contender makes right before each of its measured runs, so that each is
   * measured warm whatever ran before it. (Before (a) had a process of its own, whichever fetch
   * contender ran after it was measured up to 30 % slow for about 3 000 calls.)
   */
  rewarmCalls: number;
}

export interface WorkloadResult {
  name: string;
  calls: number;
  inFlight: number;
  rounds: number;
  contenders: Record<Contender, { rps: number; p50Ms: number; p99Ms: number; rounds: LoadResult[] }>;
  /** throughputEB: what a per-call timeout signal alone costs fetch (no budget; see contenders.ts). */
  ratios: { throughputDB: number; throughputDC: number; throughputBA: number; throughputEB: number; p99DB: number };
}

export async function runWorkload(baseUrl: string, plan: WorkloadPlan, log: (line: string) => void): Promise<WorkloadResult> {
  const name = `${plan.workload} ${plan.inFlight === 1 ? "sequential" : `${plan.inFlight} in flight`}`;
  const calls = await makeContenders(baseUrl, plan.workload);
  const contenderA = startContenderA();
  const load = (who: Contender, count: number) =>
    who === "a"
      ? contenderA.run({ baseUrl, workload: plan.workload, ids: IDS, calls: count, inFlight: plan.inFlight })
      : runLoad(calls[who], count, plan.inFlight);
  const perRound: Record<Contender, LoadResult[]> = { a: [], b: [], c: [], d: [], e: [] };
  try {
    for (let r = 0; r <= plan.rounds; r++) {
      const warmup = r === 0;
      for (const who of CONTENDERS) {
        if (!warmup) await load(who, plan.rewarmCalls);
        collectGarbage(); // one contender's garbage is not billed to the next
        const result = await load(who, warmup ? plan.warmupCalls : plan.calls);
        if (!warmup) perRound[who].push(result);
      }
      if (!warmup) {
        const last = (who: Contender) => Math.round(perRound[who].at(-1)!.rps);
        log(`  ${name}, round ${r}/${plan.rounds}: a ${last("a")}  b ${last("b")}  c ${last("c")}  d ${last("d")}  e ${last("e")} req/s`);
      }
    }
  } finally {
    await contenderA.stop();
  }
  const contenders = {} as WorkloadResult["contenders"];
  for (const who of CONTENDERS) {
    const rs = perRound[who];
    contenders[who] = {
      rps: round(median(rs.map((x) => x.rps)), 1),
      p50Ms: round(median(rs.map((x) => x.p50Ms))),
      p99Ms: round(median(rs.map((x) => x.p99Ms))),
      rounds: rs.map((x) => ({ rps: round(x.rps, 1), p50Ms: round(x.p50Ms), p99Ms: round(x.p99Ms) })),
    };
  }
  const { a, b, c, d, e } = contenders;
  return {
    name,
    calls: plan.calls,
    inFlight: plan.inFlight,
    rounds: plan.rounds,
    contenders,
    ratios: {
      throughputDB: round(d.rps / b.rps),
      throughputDC: round(d.rps / c.rps),
      throughputBA: round(b.rps / a.rps),
      throughputEB: round(e.rps / b.rps),
      p99DB: round(d.p99Ms / b.p99Ms),
    },
  };
}
