/**
 * A bulk run, such as `stop id1 id2 …` or `stop - < ids.txt`: one call per
 * value, paced for the whole run (pace.ts), with each outcome printed with
 * `--json` and journalled with `--journal` as soon as it is known
 * (journal.ts). Values from stdin are streamed and at most MAX_LISTED
 * failures are kept, so memory does not grow with the values done. A value
 * that breaks the spec is reported and never sent; those given as arguments
 * are reported before the first request.
 *
 * Retries are the run's, not the client's (each call is made with
 * `maxRetries: 0`): a throttled value waits for the run's pause, and other
 * failures that are safe to repeat are retried `maxRetries` times. The run
 * stops early on Ctrl-C or SIGTERM, when the server looks gone (the
 * breaker), or when it has throttled every request for `giveUpMs`; then the
 * calls in flight get `graceMs` to settle, and the summary counts what was
 * done, what failed, what is unknown and what was not sent.
 */
import { setMaxListeners } from "node:events";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { ThuliumAbortError, ThuliumApiError, ThuliumConnectionError, ThuliumInputError, ThuliumTimeoutError } from "../errors.js";
import type { ParameterSpec } from "../generated/operations.js";
import { splitParams } from "../params.js";
import { convert } from "./args.js";
import { Breaker } from "./breaker.js";
import type { Command } from "./commands.js";
import { EXIT, exitCodeOf, failureJson, oneLine, reason, UsageError } from "./failure.js";
import { type Interrupt, SIGNAL_EXIT } from "./interrupt.js";
import { Journal } from "./journal.js";
import { jsonText } from "./output.js";
import { backoffMs, Pace, retryAfterMs } from "./pace.js";
import type { Progress, StatusStream } from "./progress.js";

export interface Output {
  write(text: string): boolean;
  once(event: "drain", listener: () => void): unknown;
}

export interface BulkLimits {
  /** How long calls in flight may settle once the run stops. */
  readonly graceMs: number;
  /** Connection failures or timeouts in a row, across calls, that stop the run. */
  readonly breakerFailures: number;
  /** How long the server may throttle every request before the run gives up. */
  readonly giveUpMs: number;
}

const BULK_LIMITS: BulkLimits = { graceMs: 5_000, breakerFailures: 10, giveUpMs: 120_000 };

/** Failures listed in the summary; the rest are counted (`--json` and `--journal` have every one). */
const MAX_LISTED = 100;

export interface BulkRun {
  readonly command: Command;
  /** Argument values; `-` stands for the lines of stdin. */
  readonly values: readonly string[];
  /** The other parameters, the same for every call. */
  readonly params: Readonly<Record<string, unknown>>;
  /** One attempt of the operation; the run passes `maxRetries: 0` and retries itself. */
  call(params: Record<string, unknown>, options: { signal: AbortSignal; maxRetries: number }): Promise<unknown>;
  /** Retries of a value whose failure is safe to repeat (throttling aside). */
  readonly maxRetries: number;
  readonly concurrency: number;
  readonly json: boolean;
  /** Path of the journal, if any. */
  readonly journal: string | undefined;
  readonly stdin: Readable;
  readonly stdout: Output;
  readonly stderr: StatusStream;
  /** Drawn on stderr when it is a terminal; warnings go through its `note`. */
  readonly progress: Progress;
  readonly interrupt: Interrupt;
  readonly limits?: Partial<BulkLimits>;
}

interface Item {
  readonly value: string;
  /** Why the value is not sent. */
  problem?: Error;
  retries: number;
  lastError?: unknown;
}

/** Why a run stopped before the end of its values. */
type Stop =
  | { kind: "signal"; signal: "SIGINT" | "SIGTERM" }
  | { kind: "breaker"; failures: number; last: unknown }
  | { kind: "throttled"; forMs: number; last: unknown };

export async function runBulk(run: BulkRun): Promise<number> {
  const { command, progress, interrupt } = run;
  const limits = { ...BULK_LIMITS, ...run.limits };
  const param = command.positionals.at(-1) as ParameterSpec;
  // The shared parameters are checked once: a bad one is a usage error, and nothing is sent.
  splitParams(command.operationId, { ...command.op, parameters: command.op.parameters.filter((p) => p !== param) }, run.params);

  const journal =
    run.journal === undefined ? undefined : await Journal.open(run.journal, command.operationId, run.params, param.name, (line) => progress.note(line));
  const done = journal?.done ?? new Set<string>();
  if (journal && done.size > 0) progress.note(`journal ${journal.path}: ${done.size} done in earlier runs; those are skipped`);

  let succeeded = 0;
  let failed = 0;
  let invalid = 0;
  let skipped = 0;
  let notSent = 0;
  /** stdin was not read to its end after the run stopped. */
  let uncounted = false;
  const failures: string[] = [];
  const unknown: string[] = [];
  const codes = new Set<number>();

  const emit = async (line: string) => {
    if (!run.stdout.write(`${line}\n`)) await new Promise<void>((resolve) => run.stdout.once("drain", resolve));
  };
  /** Records a value's outcome: journal first, then stdout. */
  const settle = async (item: Item, outcome: { ok: true; result: unknown } | { ok: false; error: unknown } | { ok: undefined }) => {
    const record: Record<string, unknown> = { [param.name]: item.value, ok: outcome.ok === true };
    if (outcome.ok === true) {
      succeeded++;
      if (outcome.result !== undefined) record.result = outcome.result;
    } else if (outcome.ok === false) {
      failed++;
      codes.add(exitCodeOf(outcome.error));
      if (item.problem) invalid++;
      // With --json the records say it all; the summary on stderr is then just the counts.
      if (!run.json && failures.length < MAX_LISTED)
        failures.push(`  ${oneLine(item.value)}: ${item.problem ? "invalid: " : ""}${reason(outcome.error, command.operationId)}`);
      record.error = failureJson(outcome.error, command.operationId);
    } else {
      unknown.push(item.value);
      record.error = { type: "unknown", message: "in flight when the run stopped: the outcome is unknown" };
    }
    journal?.record(record);
    progress.update(skipped + succeeded + failed + unknown.length, failed);
    if (run.json) await emit(jsonText(record));
  };

  const check = checker(command, param);
  const fromArgs = run.values.map((value) => (value === "-" ? undefined : { value, problem: check(value), retries: 0 }));
  // Bad values given as arguments are reported before the first request.
  for (const item of fromArgs) if (item?.problem) await settle(item, { ok: false, error: item.problem });

  const pace = new Pace({ maxConcurrency: run.concurrency, giveUpMs: limits.giveUpMs, now: () => performance.now() });
  const breaker = new Breaker(limits.breakerFailures);
  const source = items(fromArgs, run.stdin)[Symbol.asyncIterator]();
  const inFlight = new Set<Promise<void>>();
  /** Throttled values, sent again first once the pause is over. */
  const again: Item[] = [];
  /** Values waiting out a backoff before their next attempt. */
  const backingOff = new Map<Item, ReturnType<typeof setTimeout>>();
  const cancel = new AbortController();
  setMaxListeners(run.concurrency + 10, cancel.signal);
  let stop: Stop | undefined;
  let sourceDone = false;
  // A read of stdin that a stop cuts short is kept, and counted after: no value is lost between the two.
  let pending: Promise<IteratorResult<Item>> | undefined;
  let cutPull: (() => void) | undefined;
  const pull = (cuttable: boolean) =>
    new Promise<IteratorResult<Item> | undefined>((resolve, reject) => {
      const read = (pending ??= source.next());
      let over = false;
      if (cuttable) {
        cutPull = () => {
          over = true;
          resolve(undefined);
        };
      }
      read.then(
        (next) => {
          if (over) return;
          pending = cutPull = undefined;
          resolve(next);
        },
        (err: unknown) => (over ? undefined : reject(err)),
      );
    });

  // The dispatcher sleeps until a timer, a settled call or a stop wakes it.
  let wake = () => {};
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(() => wake(), Math.max(1, Math.ceil(ms))) : undefined;
      wake = () => {
        clearTimeout(timer);
        wake = () => {};
        resolve();
      };
    });

  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  const halt = (why: Stop) => {
    if (stop) return;
    stop = why;
    // Calls in flight get the grace period, then are cancelled: their outcome is then unknown.
    graceTimer = setTimeout(() => cancel.abort(), limits.graceMs);
    cutPull?.();
    wake();
  };
  const onStop = () => halt({ kind: "signal", signal: interrupt.stop.reason === "SIGTERM" ? "SIGTERM" : "SIGINT" });
  const onNow = () => {
    onStop();
    cancel.abort();
  };
  if (interrupt.stop.aborted) onStop();
  else interrupt.stop.addEventListener("abort", onStop, { once: true });
  if (interrupt.now.aborted) onNow();
  else interrupt.now.addEventListener("abort", onNow, { once: true });

  const attempt = (item: Item) => {
    const ticket = pace.sent();
    // The call's slot is freed once its outcome is recorded, so a slow stdout holds the run back.
    const task = (async () => {
      let result: unknown;
      try {
        result = await run.call(
          { ...run.params, [param.name]: convert(item.value, param.schema, `<${param.name}>`) },
          { signal: cancel.signal, maxRetries: 0 },
        );
      } catch (err) {
        await failedAttempt(item, ticket, err);
        return;
      }
      pace.answered();
      breaker.answered();
      await settle(item, { ok: true, result });
    })().finally(() => {
      inFlight.delete(task);
      wake();
    });
    inFlight.add(task);
  };

  const failedAttempt = async (item: Item, ticket: number, err: unknown) => {
    item.lastError = err;
    if (err instanceof ThuliumAbortError && cancel.signal.aborted) return settle(item, { ok: undefined });
    // A stdin value is checked by the call itself, before anything is sent: one check per value, not two.
    if (isInvalid(err)) return settle({ ...item, problem: err as Error }, { ok: false, error: err });
    if (err instanceof ThuliumApiError) {
      const retryAfter = retryAfterMs(err.headers?.get("retry-after"));
      breaker.answered();
      if (err.status === 429 || (err.status === 503 && retryAfter !== undefined)) {
        pace.throttled(ticket, retryAfter);
        if (pace.gaveUp()) halt({ kind: "throttled", forMs: limits.giveUpMs, last: err });
        // 429 says the request was not processed; the client knows what else is safe to send again.
        if (err.retryable && !stop) {
          again.push(item);
          return;
        }
        return settle(item, { ok: false, error: err });
      }
      pace.answered();
      return err.retryable ? retry(item, err) : settle(item, { ok: false, error: err });
    }
    if (err instanceof ThuliumConnectionError || err instanceof ThuliumTimeoutError) {
      if (breaker.failed(err)) halt({ kind: "breaker", failures: breaker.threshold, last: err });
      // Sent again only when repeating the operation is safe: the request may have reached the server.
      return command.op.idempotent ? retry(item, err) : settle(item, { ok: false, error: err });
    }
    return settle(item, { ok: false, error: err });
  };

  const retry = async (item: Item, err: unknown) => {
    if (stop || item.retries >= run.maxRetries) return settle(item, { ok: false, error: err });
    item.retries++;
    backingOff.set(
      item,
      setTimeout(() => {
        backingOff.delete(item);
        again.push(item);
        wake();
      }, backoffMs(item.retries)),
    );
  };

  const nextItem = async (): Promise<Item | undefined> => {
    const retried = again.shift();
    if (retried) return retried;
    while (!sourceDone) {
      const next = await pull(true);
      if (!next) return undefined;
      if (next.done) {
        sourceDone = true;
        return undefined;
      }
      if (!done.has(next.value.value)) return next.value;
      skipped++;
      progress.update(skipped + succeeded + failed + unknown.length, failed);
    }
    return undefined;
  };

  try {
    while (!stop) {
      const decision = pace.next(inFlight.size);
      if (!decision.send) {
        await sleep(decision.waitMs);
        continue;
      }
      if (again.length === 0 && sourceDone) {
        if (inFlight.size === 0 && backingOff.size === 0) break;
        await sleep(Number.POSITIVE_INFINITY);
        continue;
      }
      const item = await nextItem();
      if (!item) continue;
      if (stop) {
        again.unshift(item);
        break;
      }
      attempt(item);
    }
    // Stopped or done: what waits for another attempt has failed with its last error.
    for (const [item, timer] of backingOff) {
      clearTimeout(timer);
      await settle(item, { ok: false, error: item.lastError });
    }
    backingOff.clear();
    while (inFlight.size > 0) await Promise.all(inFlight);
    for (const item of again.splice(0)) {
      if (item.lastError === undefined) notSent++;
      else await settle(item, { ok: false, error: item.lastError });
    }
    if (stop && !sourceDone) {
      // Counted, not sent. A terminal is not read to its end; a stuck pipe yields to a third Ctrl-C (interrupt.ts).
      uncounted = (run.stdin as { isTTY?: boolean }).isTTY === true && run.values.includes("-");
      while (!uncounted) {
        const next = await pull(false);
        if (!next || next.done) break;
        if (done.has(next.value.value)) skipped++;
        else notSent++;
      }
    }
  } finally {
    clearTimeout(graceTimer);
    interrupt.stop.removeEventListener("abort", onStop);
    interrupt.now.removeEventListener("abort", onNow);
    progress.finish();
    journal?.close();
    // A read still pending would hold the generator, and the process, open.
    if (pending) run.stdin.destroy();
    else await source.return?.(undefined);
  }

  const counts = [
    `${command.done} ${succeeded}`,
    `failed ${failed}${invalid > 0 ? ` (${invalid} invalid)` : ""}`,
    ...(skipped > 0 ? [`skipped ${skipped} done in earlier runs`] : []),
    ...(stop ? [`in flight with an unknown outcome ${unknown.length}`, `not sent ${notSent}${uncounted ? " and the rest of stdin" : ""}`] : []),
  ].join(", ");
  const lines = [counts];
  if (stop) lines.push(stopReason(stop, command.operationId, notSent, uncounted, interrupt.now.aborted ? undefined : limits.graceMs));
  if (stop || (failed > 0 && journal)) {
    lines.push(
      journal
        ? `to send what is not done, run the same command again with --journal ${journal.path}`
        : "nothing records which ids were done: run with --journal FILE to be able to resume",
    );
  }
  lines.push(...failures);
  if (!run.json && failed > failures.length) lines.push(`  … and ${failed - failures.length} more failures (--json and --journal list every one)`);
  if (!run.json) lines.push(...unknown.map((value) => `  ${oneLine(value)}: outcome unknown, in flight when the run stopped`));
  const text = `${lines.join("\n")}\n`;
  if (run.json || failed > 0 || stop) run.stderr.write(text);
  else await emit(text.slice(0, -1));

  if (stop?.kind === "signal") return SIGNAL_EXIT[stop.signal];
  if (stop) return EXIT.network;
  if (failed === 0) return EXIT.ok;
  if (succeeded === 0 && codes.size === 1) return [...codes][0] as number;
  return EXIT.api;
}

/** Why the run stopped; `graceMs` is the wait given to the calls in flight, unless a second signal cut it. */
function stopReason(stop: Stop, operationId: string, notSent: number, uncounted: boolean, graceMs: number | undefined): string {
  const rest = `${notSent}${uncounted ? " and the rest of stdin" : ""}`;
  switch (stop.kind) {
    case "signal":
      return `interrupted by ${stop.signal}: no new ids were sent; ${graceMs === undefined ? "a second signal cancelled the calls in flight" : `the calls in flight had up to ${graceMs / 1000} s to settle`}`;
    case "breaker":
      return `stopped: ${stop.failures} connection failures or timeouts in a row, the last: ${reason(stop.last, operationId)}; the server looks unreachable, so ${rest} ids were not attempted`;
    case "throttled":
      return `stopped: the server throttled every request for ${Math.round(stop.forMs / 1000)} s, the last: ${reason(stop.last, operationId)}; ${rest} ids were not attempted`;
  }
}

/** The call refused the value before sending it. The shared parameters were checked before the run. */
function isInvalid(err: unknown): boolean {
  return err instanceof ThuliumInputError || err instanceof UsageError;
}

/** Checks one value against the spec, as the client would before sending it. */
function checker(command: Command, param: ParameterSpec): (value: string) => Error | undefined {
  const alone = { ...command.op, parameters: [param] };
  return (value) => {
    try {
      splitParams(command.operationId, alone, { [param.name]: convert(value, param.schema, `<${param.name}>`) });
      return undefined;
    } catch (err) {
      if (isInvalid(err)) return err as Error;
      throw err;
    }
  };
}

/** The valid argument values in order, `undefined` standing for the lines of stdin (checked when called). */
async function* items(fromArgs: readonly (Item | undefined)[], stdin: Readable): AsyncGenerator<Item> {
  for (const item of fromArgs) {
    if (item === undefined) yield* lines(stdin);
    else if (!item.problem) yield item;
  }
}

async function* lines(stdin: Readable): AsyncGenerator<Item> {
  // readline's iterator pauses stdin while lines wait, so a long list is never held in memory.
  const reader = createInterface({ input: stdin, crlfDelay: Infinity });
  try {
    for await (const line of reader) {
      const value = line.trim();
      if (value !== "") yield { value, retries: 0 };
    }
  } finally {
    reader.close();
  }
}
