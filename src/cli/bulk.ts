/**
 * A bulk run, such as `stop id1 id2 …` or `stop -`: one call per value,
 * `concurrency` at a time, each through the client's retries. Values from
 * stdin are streamed, and only failures are kept, so memory does not grow
 * with the values already done. A value that breaks the spec is reported and
 * never sent; those given as arguments are reported before the first request.
 */
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { ThuliumAbortError, ThuliumInputError } from "../errors.js";
import type { ParameterSpec } from "../generated/operations.js";
import { splitParams } from "../params.js";
import { convert } from "./args.js";
import type { Command } from "./commands.js";
import { EXIT, exitCodeOf, failureJson, oneLine, reason, UsageError } from "./failure.js";
import type { Progress, StatusStream } from "./progress.js";

export interface Output {
  write(text: string): boolean;
  once(event: "drain", listener: () => void): unknown;
}

export interface BulkRun {
  readonly command: Command;
  /** Argument values; `-` stands for the lines of stdin. */
  readonly values: readonly string[];
  /** The other parameters, the same for every call. */
  readonly params: Readonly<Record<string, unknown>>;
  call(params: Record<string, unknown>, signal: AbortSignal): Promise<unknown>;
  readonly concurrency: number;
  readonly json: boolean;
  readonly stdin: Readable;
  readonly stdout: Output;
  readonly stderr: StatusStream;
  /** Drawn on stderr when it is a terminal. */
  readonly progress: Progress;
  readonly signal: AbortSignal;
}

interface Item {
  value: string;
  /** Why the value is not sent. */
  problem?: Error;
}

export async function runBulk(run: BulkRun): Promise<number> {
  const { command } = run;
  const param = command.positionals.at(-1) as ParameterSpec;
  // The shared parameters are checked once: a bad one is a usage error, and nothing is sent.
  splitParams(command.operationId, { ...command.op, parameters: command.op.parameters.filter((p) => p !== param) }, run.params);

  const { progress } = run;
  let succeeded = 0;
  let failed = 0;
  let invalid = 0;
  const failures: string[] = [];
  const codes = new Set<number>();

  const emit = async (line: string) => {
    if (!run.stdout.write(`${line}\n`)) await new Promise<void>((resolve) => run.stdout.once("drain", resolve));
  };
  const settle = async (item: Item, error: unknown, result?: unknown) => {
    if (error === undefined) succeeded++;
    else {
      failed++;
      codes.add(exitCodeOf(error));
      if (item.problem) invalid++;
      if (!run.json) failures.push(`  ${oneLine(item.value)}: ${item.problem ? "invalid: " : ""}${reason(error, command.operationId)}`);
    }
    progress.update(succeeded + failed, failed);
    if (run.json) {
      const record: Record<string, unknown> = { [param.name]: item.value, ok: error === undefined };
      if (error !== undefined) record.error = failureJson(error, command.operationId);
      else if (result !== undefined) record.result = result;
      await emit(JSON.stringify(record));
    }
  };

  const check = checker(command, param);
  const fromArgs = run.values.map((value) => (value === "-" ? undefined : { value, problem: check(value) }));
  // Bad values given as arguments are reported before the first request.
  for (const item of fromArgs) if (item?.problem) await settle(item, item.problem);

  const source = items(fromArgs, run.stdin)[Symbol.asyncIterator]();
  const worker = async () => {
    while (!run.signal.aborted) {
      const next = await source.next();
      if (next.done) return;
      const item = next.value;
      // The run's own signal: the client listens to it only while a call is in flight.
      let result: unknown;
      try {
        result = await run.call({ ...run.params, [param.name]: convert(item.value, param.schema, `<${param.name}>`) }, run.signal);
      } catch (err) {
        if (err instanceof ThuliumAbortError && run.signal.aborted) return;
        // A stdin value is checked by the call itself, before anything is sent: one check per value, not two.
        await settle(isInvalid(err) ? { value: item.value, problem: err as Error } : item, err);
        continue;
      }
      await settle(item, undefined, result);
    }
  };
  try {
    await Promise.all(Array.from({ length: run.concurrency }, worker));
  } finally {
    progress.finish();
    await source.return?.(undefined);
  }

  const interrupted = run.signal.aborted;
  const summary = `${command.done} ${succeeded}, failed ${failed}${invalid > 0 ? ` (${invalid} invalid)` : ""}${interrupted ? "; interrupted, the rest were not sent" : ""}`;
  const text = `${[summary, ...failures].join("\n")}\n`;
  if (run.json || failed > 0 || interrupted) run.stderr.write(text);
  else await emit(text.slice(0, -1));

  if (interrupted) return EXIT.interrupted;
  if (failed === 0) return EXIT.ok;
  if (succeeded === 0 && codes.size === 1) return [...codes][0] as number;
  return EXIT.api;
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
      if (value !== "") yield { value };
    }
  } finally {
    reader.close();
  }
}
