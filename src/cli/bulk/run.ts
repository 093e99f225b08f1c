/**
 * A bulk run, such as `stop id1 id2 …` or `stop - < ids.txt`: one call per
 * value, paced for the whole run (dispatcher.ts, pace.ts), with each outcome
 * printed with `--json` and journalled with `--journal` as soon as it is
 * known (outcomes.ts, journal.ts). Values from stdin are streamed
 * (stdin-lines.ts) and at most 100 failures are kept for the summary
 * (tally.ts): what the run holds per value is the set of values it has
 * seen, so that each is sent once however often it is given
 * (seen-values.ts). A value that breaks the spec is reported and never
 * sent; those given as arguments are reported before the first request.
 *
 * The run stops early on Ctrl-C, SIGTERM or SIGHUP, when the server looks
 * gone (the breaker), when it has throttled every request for `giveUpMs`,
 * when the reader of stdout has gone (`| head`), or when the journal cannot
 * be written (stop.ts); then the calls in flight get `graceMs` to settle, and
 * the summary (summary.ts) counts what was done, what failed, what is
 * unknown and what was not sent.
 */
import type { ParameterSpec } from "../../operations/table.js";
import { EXIT } from "../failure.js";
import { BROKEN_PIPE_EXIT, SIGNAL_EXIT } from "../interrupt.js";
import { BULK_LIMITS, type BulkRun } from "./bulk-run.js";
import { Dispatcher } from "./dispatcher.js";
import { newItem } from "./item.js";
import { Journal } from "./journal.js";
import { OutcomeRecorder } from "./outcomes.js";
import { ResultsOutput } from "./results-output.js";
import { SeenValues } from "./seen-values.js";
import { countStdinFile } from "./stdin-lines.js";
import { RunStop, type Stop } from "./stop.js";
import { writeSummary } from "./summary.js";
import { Tally } from "./tally.js";
import { checkSharedParams, valueChecker } from "./value-check.js";
import { ValueSource } from "./value-source.js";

/** Runs `run` to its end or its stop; the exit code. */
export async function runBulk(run: BulkRun): Promise<number> {
  const { command, progress } = run;
  const limits = { ...BULK_LIMITS, ...run.limits };
  const param = command.positionals.at(-1) as ParameterSpec;
  checkSharedParams(command, param, run.params);

  const journal =
    run.journal === undefined
      ? undefined
      : await Journal.open(run.journal, { operation: command.operationId, params: run.params, target: run.target }, param.name, (line) => progress.note(line));
  const done = journal?.done ?? new Set<string>();
  if (journal && done.size > 0) progress.note(`journal ${journal.path}: ${done.size} done in earlier runs; those are skipped`);

  const tally = new Tally();
  const stop = new RunStop(limits.graceMs, run.concurrency);
  const output = new ResultsOutput(run.stdout, run.stderr, (why) => stop.halt(why));
  const outcomes = new OutcomeRecorder({ operationId: command.operationId, key: param.name, json: run.json, journal, tally, progress, output, stop });

  const check = valueChecker(command, param);
  const fromArgs = run.values.map((value) => (value === "-" ? undefined : newItem(value, check(value))));
  const fromArgsLeft = () => new Set(fromArgs.flatMap((item) => (item && !done.has(item.value) ? [item.value] : []))).size;
  const fromStdin = run.values.includes("-");
  progress.start(fromStdin ? undefined : fromArgsLeft());
  // A file redirected to stdin (`< ids.txt`) is counted alongside, for the total and the time left.
  const counting = fromStdin ? countStdinFile(run.stdin, done) : undefined;
  if (counting) {
    const left = fromArgsLeft();
    counting.left.then(
      (fromFile) => progress.total(left + fromFile),
      () => undefined, // Only the total is lost.
    );
  }
  // Bad values given as arguments are reported before the first request, once each.
  const seen = new SeenValues();
  for (const item of fromArgs) {
    if (!item?.problem) continue;
    if (seen.first(item.value)) await outcomes.settle(item, { ok: false, error: item.problem });
    else outcomes.skipRepeated();
  }

  const source = new ValueSource(fromArgs, run.stdin, done, seen, outcomes, stop);
  const dispatcher = new Dispatcher({ run, param, idempotent: command.op.idempotent, limits }, source, outcomes, stop);
  stop.follow(run.interrupt);
  try {
    await dispatcher.dispatch();
    await dispatcher.settleTheRest(tally);
    if (stop.reason && !source.ended) await source.countRest(tally, (run.stdin as { isTTY?: boolean }).isTTY === true && fromStdin);
  } finally {
    stop.dispose();
    output.detach();
    counting?.file.destroy();
    progress.finish();
    journal?.close();
    await source.close();
  }
  // A journal that could not be flushed at the end may have lost records too.
  if (journal?.failure) stop.stoppedAtEnd({ kind: "journal", error: journal.failure });

  const graceMs = run.interrupt.now.aborted ? undefined : limits.graceMs;
  const of = { done: command.done, operationId: command.operationId, json: run.json, journal: journal?.path, graceMs };
  await writeSummary(tally, stop.reason, of, { stderr: run.stderr, emit: (line) => output.emit(line) });
  return exitCode(stop.reason, tally);
}

function exitCode(stop: Stop | undefined, tally: Tally): number {
  if (stop?.kind === "signal") return SIGNAL_EXIT[stop.signal];
  if (stop?.kind === "output") return BROKEN_PIPE_EXIT;
  if (stop?.kind === "journal") return EXIT.journal;
  if (stop) return EXIT.network;
  if (tally.failed === 0) return EXIT.ok;
  if (tally.succeeded === 0 && tally.codes.size === 1) return [...tally.codes][0] as number;
  return EXIT.api;
}
