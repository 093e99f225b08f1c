/**
 * A value's outcome, as soon as it is known: counted, written to the journal
 * first, then printed with `--json`. A journal that cannot be written stops
 * the run, so that nothing more is done without a record.
 */
import { exitCodeOf, failureJson, reason } from "../failure.js";
import { jsonText } from "../output.js";
import type { Progress } from "../progress.js";
import { echo } from "./echo.js";
import type { Item } from "./item.js";
import type { Journal } from "./journal.js";
import type { ResultsOutput } from "./results-output.js";
import type { RunStop } from "./stop.js";
import type { Tally } from "./tally.js";

/** Done with a result; failed with an error; or unknown: in flight when the run stopped. */
export type Outcome = { ok: true; result: unknown } | { ok: false; error: unknown } | { ok: undefined };

export interface OutcomeSinks {
  readonly operationId: string;
  /** The record's field holding the value: `id`. */
  readonly key: string;
  readonly json: boolean;
  readonly journal: Journal | undefined;
  readonly tally: Tally;
  readonly progress: Progress;
  readonly output: ResultsOutput;
  readonly stop: RunStop;
}

export class OutcomeRecorder {
  constructor(private readonly to: OutcomeSinks) {}

  /** Records a value's outcome: journal first, then stdout. */
  async settle(item: Item, outcome: Outcome): Promise<void> {
    const { tally, journal } = this.to;
    const record: Record<string, unknown> = { [this.to.key]: item.value, ok: outcome.ok === true };
    if (outcome.ok === true) {
      tally.succeeded++;
      if (outcome.result !== undefined) record.result = outcome.result;
    } else if (outcome.ok === false) {
      tally.failed++;
      tally.codes.add(exitCodeOf(outcome.error));
      if (item.problem) tally.invalid++;
      // With --json the records say it all; the summary on stderr is then just the counts.
      if (!this.to.json) tally.listFailure(() => `  ${echo(item.value)}: ${item.problem ? "invalid: " : ""}${reason(outcome.error, this.to.operationId)}`);
      record.error = failureJson(outcome.error, this.to.operationId);
    } else {
      tally.unknown.push(item.value);
      record.error = { type: "unknown", message: "in flight when the run stopped: the outcome is unknown" };
    }
    if (journal && !journal.record(record)) {
      if (outcome.ok === true) tally.unrecorded.push(item.value);
      this.to.stop.halt({ kind: "journal", error: journal.failure as Error });
    }
    this.showProgress();
    if (this.to.json) await this.to.output.emit(jsonText(record));
  }

  /** A value the journal has done in earlier runs: not sent. */
  skipDone(): void {
    this.to.tally.skipped++;
    this.showProgress();
  }

  /** A value given earlier in this run: not sent again. */
  skipRepeated(): void {
    this.to.tally.repeated++;
    this.showProgress();
  }

  private showProgress(): void {
    this.to.progress.update(this.to.tally.counts());
  }
}
