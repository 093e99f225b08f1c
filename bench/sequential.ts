/**
 * Rounds until the budgets are decided, as Google's tachometer auto-samples until the interval of
 * each difference resolves: every workload gets at least `minRounds`, then more rounds while one of
 * its budgets is still undecided, up to `maxRounds` or the deadline. A round set runs one round of
 * every workload still due, so that a busy minute on the machine lands on all of them, not on one.
 */
export interface RoundSource {
  name: string;
  rounds(): number;
  /** Whether another round could still decide something. */
  undecided(): boolean;
}

export interface SamplingPlan {
  minRounds: number;
  maxRounds: number;
  /** Date.now() after which no round set starts that is expected to end past it. */
  deadline: number;
}

export interface SamplingOutcome {
  /** Why the rounds ended. */
  stopped: "decided" | "max rounds" | "time cap";
  seconds: number;
}

export async function sampleUntilDecided<S extends RoundSource>(
  sources: S[],
  runRoundSet: (due: S[]) => Promise<void>,
  plan: SamplingPlan,
  log: (line: string) => void,
): Promise<SamplingOutcome> {
  const started = Date.now();
  let lastSetMs = 0;
  for (;;) {
    const due = sources.filter((s) => s.rounds() < plan.maxRounds && (s.rounds() < plan.minRounds || s.undecided()));
    if (due.length === 0) {
      const decided = sources.every((s) => s.rounds() >= plan.minRounds && !s.undecided());
      return { stopped: decided ? "decided" : "max rounds", seconds: (Date.now() - started) / 1000 };
    }
    if (Date.now() + lastSetMs > plan.deadline) {
      log(`  time cap: ${due.map((s) => `${s.name} after ${s.rounds()} rounds`).join(", ")} still undecided`);
      return { stopped: "time cap", seconds: (Date.now() - started) / 1000 };
    }
    const t0 = Date.now();
    await runRoundSet(due);
    lastSetMs = Date.now() - t0;
  }
}
