/** What the CLI gives a bulk run: the command, its values and shared parameters, the call, the streams and the limits. */
import type { Readable } from "node:stream";
import type { CliOutput } from "../cli-output.js";
import type { Command } from "../commands.js";
import type { Interrupt } from "../interrupt.js";
import type { Progress, StatusStream } from "../progress.js";
import type { JournalTarget } from "./journal-header.js";

export interface BulkLimits {
  /** How long calls in flight may settle once the run stops. */
  readonly graceMs: number;
  /** Connection failures or timeouts in a row, across calls, that stop the run. */
  readonly breakerFailures: number;
  /** How long the server may throttle every request before the run gives up. */
  readonly giveUpMs: number;
}

export const BULK_LIMITS: BulkLimits = { graceMs: 5_000, breakerFailures: 10, giveUpMs: 120_000 };

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
  readonly stdout: CliOutput;
  readonly stderr: StatusStream;
  /** Drawn on stderr when it is a terminal; warnings go through its `note`. */
  readonly progress: Progress;
  readonly interrupt: Interrupt;
  readonly limits?: Partial<BulkLimits>;
}
