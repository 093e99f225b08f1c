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
 * breaker), when it has throttled every request for `giveUpMs`, when the
 * reader of stdout has gone (`| head`), or when the journal cannot be
 * written; then the calls in flight get `graceMs` to settle, and the summary
 * counts what was done, what failed, what is unknown and what was not sent.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { setMaxListeners } from "node:events";
import { createReadStream, fstatSync } from "node:fs";
import type { Readable } from "node:stream";
import { splitParams } from "../check/params.js";
import { ThuliumAbortError, ThuliumApiError, ThuliumConnectionError, ThuliumInputError, ThuliumTimeoutError } from "../errors/thulium-errors.js";
import { backoffMs, retryAfterMs } from "../http/retry.js";
import type { ParameterSpec } from "../operations/table.js";
import { printableLine } from "../text/printable-line.js";
import { convert } from "./args.js";
import { Breaker } from "./breaker.js";
import type { Command } from "./commands.js";
import { EXIT, exitCodeOf, failureJson, reason, UsageError } from "./failure.js";
import { BROKEN_PIPE_EXIT, type Interrupt, SIGNAL_EXIT } from "./interrupt.js";
import { Journal, type JournalTarget } from "./journal.js";
import { jsonText } from "./output.js";
import { Pace } from "./pace.js";
import type { Progress, StatusStream } from "./progress.js";

export interface Output {
  write(text: string): boolean;
  once(event: "drain", listener: () => void): unknown;
  on(event: "error", listener: (err: NodeJS.ErrnoException) => void): unknown;
  off(event: "error", listener: (err: NodeJS.ErrnoException) => void): unknown;
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

/**
 * The longest line of stdin taken as a value, in bytes. The ids these commands take are UUIDs, 36
 * bytes; 4 KiB leaves room for any id Thulium might use, spaces, a BOM and a CR, and keeps what a
 * line without an end (a binary file piped in by mistake) costs to 4 KiB. A longer line is reported
 * as invalid and never sent.
 */
export const MAX_LINE_BYTES = 4096;

/** The most characters of a value echoed on stderr: a UUID is 36. */
const MAX_ECHO = 100;

/** A value as it is echoed: one printable line, clipped. */
const echo = (value: string) => printableLine(value, MAX_ECHO);

/** The run's attempt number of the call in progress: the calls are made with `maxRetries: 0`, so the client counts 1 each time. */
const attemptOfRun = new AsyncLocalStorage<number>();

/** For `--verbose`: the attempt number to show for a client's attempt, the run's when a bulk run made the call. */
export function attemptNumber(clientAttempt: number): number {
  return attemptOfRun.getStore() ?? clientAttempt;
}

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
  /** Where the calls go, pinned in the journal: a journal is never resumed against another system. */
  readonly target: JournalTarget;
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
  /** Requests sent for it, throttled ones included. */
  attempts: number;
  lastError?: unknown;
}

/** Why a run stopped before the end of its values. */
type Stop =
  | { kind: "signal"; signal: "SIGINT" | "SIGTERM" }
  | { kind: "breaker"; failures: number; last: unknown }
  | { kind: "throttled"; forMs: number; last: unknown }
  /** The reader of stdout or stderr went away (EPIPE), as with `| head -1` or `|& head -1`. */
  | { kind: "output"; stream: "stdout" | "stderr" }
  | { kind: "journal"; error: Error };

export async function runBulk(run: BulkRun): Promise<number> {
  const { command, progress, interrupt } = run;
  const limits = { ...BULK_LIMITS, ...run.limits };
  const param = command.positionals.at(-1) as ParameterSpec;
  // The shared parameters are checked once: a bad one is a usage error, and nothing is sent.
  splitParams(command.operationId, { ...command.op, parameters: command.op.parameters.filter((p) => p !== param) }, run.params);

  const journal =
    run.journal === undefined
      ? undefined
      : await Journal.open(run.journal, { operation: command.operationId, params: run.params, target: run.target }, param.name, (line) => progress.note(line));
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
  /** Done, but the journal could not record it: a rerun sends it again. At most the calls in flight when the journal failed. */
  const unrecorded: string[] = [];
  const codes = new Set<number>();

  const cancel = new AbortController();
  setMaxListeners(run.concurrency + 10, cancel.signal);
  let stop: Stop | undefined;
  // The dispatcher sleeps until a timer, a settled call or a stop wakes it.
  let wake = () => {};
  let cutPull: (() => void) | undefined;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  const halt = (why: Stop) => {
    if (stop) return;
    stop = why;
    // Calls in flight get the grace period, then are cancelled: their outcome is then unknown.
    graceTimer = setTimeout(() => cancel.abort(), limits.graceMs);
    cutPull?.();
    wake();
  };

  // A reader of stdout or stderr that went away stops the run as Ctrl-C does; what is not printed is in the
  // journal. Without stderr, failures could not be shown, and a run must not go on unwatched.
  let outputGone = false;
  let releaseOutput = () => {};
  const outputClosed = new Promise<void>((resolve) => (releaseOutput = resolve));
  const onOutputError = (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") return;
    outputGone = true;
    releaseOutput();
    halt({ kind: "output", stream: "stdout" });
  };
  const onStatusError = (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") halt({ kind: "output", stream: "stderr" });
  };
  run.stdout.on("error", onOutputError);
  run.stderr.on?.("error", onStatusError);
  const emit = async (line: string) => {
    if (outputGone) return;
    if (!run.stdout.write(`${line}\n`)) await Promise.race([new Promise<void>((resolve) => run.stdout.once("drain", resolve)), outputClosed]);
  };
  const showProgress = () => progress.update({ done: succeeded + failed + unknown.length, failed, skipped });
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
        failures.push(`  ${echo(item.value)}: ${item.problem ? "invalid: " : ""}${reason(outcome.error, command.operationId)}`);
      record.error = failureJson(outcome.error, command.operationId);
    } else {
      unknown.push(item.value);
      record.error = { type: "unknown", message: "in flight when the run stopped: the outcome is unknown" };
    }
    if (journal && !journal.record(record)) {
      if (outcome.ok === true) unrecorded.push(item.value);
      halt({ kind: "journal", error: journal.failure as Error });
    }
    showProgress();
    if (run.json) await emit(jsonText(record));
  };

  const check = checker(command, param);
  const fromArgs = run.values.map((value) => (value === "-" ? undefined : { value, problem: check(value), retries: 0, attempts: 0 }));
  progress.start(run.values.includes("-") ? undefined : fromArgs.filter((item) => item && !done.has(item.value)).length);
  // A file redirected to stdin (`< ids.txt`) is counted alongside, for the total and the time left.
  const stdinFd = (run.stdin as { fd?: unknown }).fd;
  let counting: Readable | undefined;
  if (run.values.includes("-") && typeof stdinFd === "number" && fstatSync(stdinFd).isFile()) {
    const fromArgsLeft = fromArgs.filter((item) => item && !done.has(item.value)).length;
    // Positional reads from the start: the offset stdin is read from does not move.
    counting = createReadStream("", { fd: stdinFd, start: 0, autoClose: false });
    countLeft(counting, done).then(
      (left) => progress.total(fromArgsLeft + left),
      () => undefined, // Only the total is lost.
    );
  }
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
  let sourceDone = false;
  // A read of stdin that a stop cuts short is kept, and counted after: no value is lost between the two.
  let pending: Promise<IteratorResult<Item>> | undefined;
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

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(() => wake(), Math.max(1, Math.ceil(ms))) : undefined;
      wake = () => {
        clearTimeout(timer);
        wake = () => {};
        resolve();
      };
    });

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
    item.attempts++;
    // The call's slot is freed once its outcome is recorded, so a slow stdout holds the run back.
    const task = (async () => {
      let result: unknown;
      try {
        result = await attemptOfRun.run(item.attempts, () =>
          run.call({ ...run.params, [param.name]: convert(item.value, param.schema, `<${param.name}>`) }, { signal: cancel.signal, maxRetries: 0 }),
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
      const item = next.value;
      if (item.problem) {
        await settle(item, { ok: false, error: item.problem });
        continue;
      }
      if (!done.has(item.value)) return item;
      skipped++;
      showProgress();
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
    run.stdout.off("error", onOutputError);
    run.stderr.off?.("error", onStatusError);
    counting?.destroy();
    progress.finish();
    journal?.close();
    // A read still pending would hold the generator, and the process, open.
    if (pending) run.stdin.destroy();
    else await source.return?.(undefined);
  }
  // A journal that could not be flushed at the end may have lost records too.
  if (!stop && journal?.failure) stop = { kind: "journal", error: journal.failure };

  const counts = [
    `${command.done} ${succeeded}`,
    `failed ${failed}${invalid > 0 ? ` (${invalid} invalid)` : ""}`,
    ...(skipped > 0 ? [`skipped ${skipped} done in earlier runs`] : []),
    ...(stop ? [`in flight with an unknown outcome ${unknown.length}`, `not sent ${notSent}${uncounted ? " and the rest of stdin" : ""}`] : []),
  ].join(", ");
  const lines = [counts];
  if (stop) lines.push(stopReason(stop, command.operationId, notSent, uncounted, interrupt.now.aborted ? undefined : limits.graceMs));
  if (stop?.kind === "journal") {
    lines.push(
      `once ${journal?.path} can be written again (free disk space, raise the file size limit), run the same command again with --journal ${journal?.path}`,
    );
  } else if (stop || (failed > 0 && journal)) {
    lines.push(
      journal
        ? `to send what is not done, run the same command again with --journal ${journal.path}`
        : "nothing records which ids were done: run with --journal FILE to be able to resume",
    );
  }
  lines.push(...unrecorded.map((value) => `  ${echo(value)}: done, but not recorded in the journal, so a rerun sends it again`));
  lines.push(...failures);
  if (!run.json && failed > failures.length) lines.push(`  … and ${failed - failures.length} more failures (--json and --journal list every one)`);
  if (!run.json) lines.push(...unknown.map((value) => `  ${echo(value)}: outcome unknown, in flight when the run stopped`));
  const text = `${lines.join("\n")}\n`;
  if (run.json || failed > 0 || stop) run.stderr.write(text);
  else await emit(text.slice(0, -1));

  if (stop?.kind === "signal") return SIGNAL_EXIT[stop.signal];
  if (stop?.kind === "output") return BROKEN_PIPE_EXIT;
  if (stop?.kind === "journal") return EXIT.journal;
  if (stop) return EXIT.network;
  if (failed === 0) return EXIT.ok;
  if (succeeded === 0 && codes.size === 1) return [...codes][0] as number;
  return EXIT.api;
}

/** Why the run stopped; `graceMs` is the wait given to the calls in flight, unless a second signal cut it. */
function stopReason(stop: Stop, operationId: string, notSent: number, uncounted: boolean, graceMs: number | undefined): string {
  const rest = `${notSent}${uncounted ? " and the rest of stdin" : ""}`;
  const settled = graceMs === undefined ? "a second signal cancelled the calls in flight" : `the calls in flight had up to ${graceMs / 1000} s to settle`;
  switch (stop.kind) {
    case "signal":
      return `interrupted by ${stop.signal}: no new ids were sent; ${settled}`;
    case "output":
      return stop.stream === "stdout"
        ? `stopped: stdout was closed by its reader (EPIPE), so the results of ids not yet sent could not be printed: no new ids were sent; ${settled}`
        : `stopped: stderr was closed by its reader (EPIPE), so failures could not be shown: no new ids were sent; ${settled}`;
    case "journal":
      return `stopped: the journal cannot be written (${printableLine(stop.error.message)}), so what is done would not be recorded: no new ids were sent; ${settled}`;
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
    if (item === undefined) yield* values(stdin);
    else if (!item.problem) yield item;
  }
}

/** The values of stdin's lines, streamed; a line too long to be one comes with its problem. */
async function* values(stdin: Readable): AsyncGenerator<Item> {
  for await (const line of boundedLines(stdin)) {
    if (line.bytes > MAX_LINE_BYTES) {
      const problem = new UsageError(`line ${line.number} has ${line.bytes} bytes, more than an id can (at most ${MAX_LINE_BYTES}); it was not sent`);
      yield { value: echo(line.text), problem, retries: 0, attempts: 0 };
      continue;
    }
    const value = line.text.trim();
    if (value !== "") yield { value, retries: 0, attempts: 0 };
  }
}

interface Line {
  number: number;
  /** The line, or its first MAX_LINE_BYTES bytes. */
  text: string;
  /** Its whole length. */
  bytes: number;
}

/**
 * The lines of `input`, ended by LF, CR or CRLF (blank lines come too), each holding at most
 * MAX_LINE_BYTES bytes and counting the rest: memory stays bounded whatever is piped in. The
 * stream is read as lines are taken, so a long list is never held in memory.
 */
async function* boundedLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let kept = 0;
  let bytes = 0;
  let number = 0;
  /** The last chunk ended with CR: an LF opening the next one ends no line. */
  let afterCr = false;
  const take = (piece: Buffer) => {
    bytes += piece.length;
    if (kept >= MAX_LINE_BYTES || piece.length === 0) return;
    // A copy: a view would keep the whole chunk alive.
    const taken = Buffer.from(piece.subarray(0, MAX_LINE_BYTES - kept));
    parts.push(taken);
    kept += taken.length;
  };
  const line = (): Line => {
    const ended = { number: ++number, text: Buffer.concat(parts).toString("utf8"), bytes };
    parts = [];
    kept = bytes = 0;
    return ended;
  };
  for await (const chunk of input) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    let from = afterCr && buffer[0] === 0x0a ? 1 : 0;
    afterCr = false;
    // The next LF and CR, each searched for again only once passed, so a chunk is scanned once.
    let lf = buffer.indexOf(0x0a, from);
    let cr = buffer.indexOf(0x0d, from);
    while (from < buffer.length) {
      if (lf !== -1 && lf < from) lf = buffer.indexOf(0x0a, from);
      if (cr !== -1 && cr < from) cr = buffer.indexOf(0x0d, from);
      const at = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (at === -1) {
        take(buffer.subarray(from));
        break;
      }
      take(buffer.subarray(from, at));
      yield line();
      from = at + 1;
      if (at === cr) {
        if (at + 1 === buffer.length) afterCr = true;
        else if (buffer[at + 1] === 0x0a) from++;
      }
    }
  }
  if (bytes > 0) yield line();
}

/** How many lines of `file` hold values not `done`. */
async function countLeft(file: Readable, done: ReadonlySet<string>): Promise<number> {
  let left = 0;
  for await (const line of boundedLines(file)) {
    const value = line.text.trim();
    if (line.bytes > MAX_LINE_BYTES || (value !== "" && !done.has(value))) left++;
  }
  return left;
}
