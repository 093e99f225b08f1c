/**
 * Sends a bulk run's values, at the run's pace (pace.ts), retrying what is
 * safe to repeat. Retries are the run's, not the client's (each call is made
 * with `maxRetries: 0`): a throttled value waits for the run's pause and is
 * sent again first; other failures that are safe to repeat wait out a
 * back-off, `maxRetries` times. The dispatcher sleeps until a timer, a
 * settled call or a stop wakes it.
 */
import { ThuliumAbortError, ThuliumApiError, ThuliumConnectionError, ThuliumTimeoutError } from "../../errors/thulium-errors.js";
import { backoffMs, retryAfterMs } from "../../http/retry.js";
import type { ParameterSpec } from "../../operations/table.js";
import { convert } from "../args.js";
import { asAttempt } from "./attempt-number.js";
import { Breaker } from "./breaker.js";
import type { BulkLimits, BulkRun } from "./bulk-run.js";
import type { Item } from "./item.js";
import type { OutcomeRecorder } from "./outcomes.js";
import { Pace } from "./pace.js";
import type { RunStop } from "./stop.js";
import type { Tally } from "./tally.js";
import { isInvalid } from "./value-check.js";
import type { ValueSource } from "./value-source.js";

/** What the dispatcher sends: one call per value of `param`, with the shared `params`. */
export interface Sending {
  readonly run: Pick<BulkRun, "call" | "params" | "maxRetries" | "concurrency">;
  readonly param: ParameterSpec;
  /** Repeating the operation is safe: a value whose request may have reached the server is sent again. */
  readonly idempotent: boolean;
  readonly limits: BulkLimits;
}

export class Dispatcher {
  private readonly pace: Pace;
  private readonly breaker: Breaker;
  private readonly inFlight = new Set<Promise<void>>();
  /** Throttled values, sent again first once the pause is over. */
  private readonly again: Item[] = [];
  /** Values waiting out a backoff before their next attempt. */
  private readonly backingOff = new Map<Item, ReturnType<typeof setTimeout>>();
  /** Ends the dispatcher's sleep. */
  private wake = () => {};

  constructor(
    private readonly sending: Sending,
    private readonly source: ValueSource,
    private readonly outcomes: OutcomeRecorder,
    private readonly stop: RunStop,
  ) {
    this.pace = new Pace({ maxConcurrency: sending.run.concurrency, giveUpMs: sending.limits.giveUpMs, now: () => performance.now() });
    this.breaker = new Breaker(sending.limits.breakerFailures);
    stop.whenHalted(() => this.wake());
  }

  /** Sends values until they are all settled or the run stops. */
  async dispatch(): Promise<void> {
    while (!this.stop.reason) {
      const decision = this.pace.next(this.inFlight.size);
      if (!decision.send) {
        await this.sleep(decision.waitMs);
        continue;
      }
      if (this.again.length === 0 && this.source.ended) {
        if (this.inFlight.size === 0 && this.backingOff.size === 0) break;
        await this.sleep(Number.POSITIVE_INFINITY);
        continue;
      }
      const item = await this.nextItem();
      if (!item) continue;
      if (this.stop.reason) {
        this.again.unshift(item);
        break;
      }
      this.attempt(item);
    }
  }

  /**
   * Once stopped or done: what waits for another attempt has failed with its last error, the calls in
   * flight settle, and the values taken but never sent are counted in `tally`.
   */
  async settleTheRest(tally: Tally): Promise<void> {
    for (const [item, timer] of this.backingOff) {
      clearTimeout(timer);
      await this.outcomes.settle(item, { ok: false, error: item.lastError });
    }
    this.backingOff.clear();
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
    for (const item of this.again.splice(0)) {
      if (item.lastError === undefined) tally.notSent++;
      else await this.outcomes.settle(item, { ok: false, error: item.lastError });
    }
  }

  /** A throttled or backed-off value first, then the next from the source. */
  private async nextItem(): Promise<Item | undefined> {
    return this.again.shift() ?? (await this.source.next());
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(() => this.wake(), Math.max(1, Math.ceil(ms))) : undefined;
      this.wake = () => {
        clearTimeout(timer);
        this.wake = () => {};
        resolve();
      };
    });
  }

  private attempt(item: Item): void {
    const { run, param } = this.sending;
    const ticket = this.pace.sent();
    item.attempts++;
    // The call's slot is freed once its outcome is recorded, so a slow stdout holds the run back.
    const task = (async () => {
      let result: unknown;
      try {
        result = await asAttempt(item.attempts, () =>
          run.call({ ...run.params, [param.name]: convert(item.value, param.schema, `<${param.name}>`) }, { signal: this.stop.signal, maxRetries: 0 }),
        );
      } catch (err) {
        await this.failedAttempt(item, ticket, err);
        return;
      }
      this.pace.answered();
      this.breaker.answered();
      await this.outcomes.settle(item, { ok: true, result });
    })().finally(() => {
      this.inFlight.delete(task);
      this.wake();
    });
    this.inFlight.add(task);
  }

  private async failedAttempt(item: Item, ticket: number, err: unknown): Promise<void> {
    item.lastError = err;
    if (err instanceof ThuliumAbortError && this.stop.cancelled) return this.outcomes.settle(item, { ok: undefined });
    // A stdin value is checked by the call itself, before anything is sent: one check per value, not two.
    if (isInvalid(err)) return this.outcomes.settle({ ...item, problem: err as Error }, { ok: false, error: err });
    if (err instanceof ThuliumApiError) {
      const retryAfter = retryAfterMs(err.headers?.get("retry-after"));
      this.breaker.answered();
      if (err.status === 429 || (err.status === 503 && retryAfter !== undefined)) {
        this.pace.throttled(ticket, retryAfter);
        if (this.pace.gaveUp()) this.stop.halt({ kind: "throttled", forMs: this.sending.limits.giveUpMs, last: err });
        // 429 says the request was not processed; the client knows what else is safe to send again.
        if (err.retryable && !this.stop.reason) {
          this.again.push(item);
          return;
        }
        return this.outcomes.settle(item, { ok: false, error: err });
      }
      this.pace.answered();
      return err.retryable ? this.retry(item, err) : this.outcomes.settle(item, { ok: false, error: err });
    }
    if (err instanceof ThuliumConnectionError || err instanceof ThuliumTimeoutError) {
      if (this.breaker.failed(err)) this.stop.halt({ kind: "breaker", failures: this.breaker.threshold, last: err });
      // Sent again only when repeating the operation is safe: the request may have reached the server.
      return this.sending.idempotent ? this.retry(item, err) : this.outcomes.settle(item, { ok: false, error: err });
    }
    return this.outcomes.settle(item, { ok: false, error: err });
  }

  private async retry(item: Item, err: unknown): Promise<void> {
    if (this.stop.reason || item.retries >= this.sending.run.maxRetries) return this.outcomes.settle(item, { ok: false, error: err });
    item.retries++;
    this.backingOff.set(
      item,
      setTimeout(() => {
        this.backingOff.delete(item);
        this.again.push(item);
        this.wake();
      }, backoffMs(item.retries)),
    );
  }
}
