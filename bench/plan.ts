/**
 * The sizes of a bench run: the CI check (`--ci`) and the full run. Calls are per contender per
 * round; rounds go on from `minRounds` until each budget is decided (bench/sequential.ts), up to
 * `maxRounds` or `capSeconds` after the start of the whole run.
 */
import { MIN_ROUNDS } from "./budgets.js";
import type { Contender } from "./contenders.js";

export interface Plan {
  contenders: Contender[];
  sequential: number;
  concurrent: number;
  warmup: number;
  rewarm: number;
  minRounds: number;
  maxRounds: number;
  capSeconds: number;
  /** The rounds get at least this long, however long the single figures took before them. */
  minRoundsSeconds: number;
  memoryCalls: number;
  cliIds: number;
  cliRounds: number;
  startupRuns: number;
  growth: number[];
}

export const PLANS: { ci: Plan; full: Plan } = {
  ci: {
    // (a) has no budget, and a process of its own to drive: the check leaves it out.
    contenders: ["b", "c", "d", "e"],
    // Short rounds, so that even a machine busy with others' tests gives MIN_ROUNDS of each workload.
    sequential: 600,
    concurrent: 2_000,
    warmup: 500,
    rewarm: 200,
    minRounds: MIN_ROUNDS,
    maxRounds: 60,
    capSeconds: 240,
    minRoundsSeconds: 150,
    memoryCalls: 20_000,
    // As many as the full run: peak RSS of 10 000 ids over 1 000 is the budget.
    cliIds: 10_000,
    cliRounds: 2,
    startupRuns: 11,
    growth: [50, 200, 800],
  },
  full: {
    contenders: ["a", "b", "c", "d", "e"],
    sequential: 2_000,
    concurrent: 5_000,
    warmup: 2_000,
    rewarm: 2_000,
    // Nine rounds at least: on a shared machine single rounds of the same contender vary by up to 20 %.
    minRounds: 9,
    maxRounds: 30,
    capSeconds: 25 * 60,
    minRoundsSeconds: 15 * 60,
    memoryCalls: 100_000,
    cliIds: 10_000,
    cliRounds: 3,
    startupRuns: 21,
    growth: [50, 200, 800],
  },
};
