/**
 * The run's attempt number of a call, for `--verbose`: a bulk run makes each
 * call with `maxRetries: 0` and retries itself, so the client counts 1 every
 * time; the run's own count travels with the call.
 */
import { AsyncLocalStorage } from "node:async_hooks";

const attemptOfRun = new AsyncLocalStorage<number>();

/** Runs `call` as the run's attempt number `attempt`. */
export function asAttempt<T>(attempt: number, call: () => T): T {
  return attemptOfRun.run(attempt, call);
}

/** For `--verbose`: the attempt number to show for a client's attempt, the run's when a bulk run made the call. */
export function attemptNumber(clientAttempt: number): number {
  return attemptOfRun.getStore() ?? clientAttempt;
}
