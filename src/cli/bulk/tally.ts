/** A bulk run's counts and the lists its summary shows. Only counts grow with the values done: the lists are bounded. */
import type { Counts } from "../progress.js";

/** Failures listed in the summary; the rest are counted (`--json` and `--journal` have every one). */
const MAX_LISTED = 100;

export class Tally {
  succeeded = 0;
  failed = 0;
  /** Failed without being sent: the value breaks the spec. */
  invalid = 0;
  /** Done in earlier runs, as the journal says. */
  skipped = 0;
  /** Given again in this run: sent once. */
  repeated = 0;
  notSent = 0;
  /** stdin was not read to its end after the run stopped. */
  uncounted = false;
  /** Lines of the summary, one a failure, at most MAX_LISTED. */
  readonly failures: string[] = [];
  /** Values in flight when the run stopped. At most the calls in flight. */
  readonly unknown: string[] = [];
  /** Done, but the journal could not record it: a rerun sends it again. At most the calls in flight when the journal failed. */
  readonly unrecorded: string[] = [];
  /** The exit codes of the failures. */
  readonly codes = new Set<number>();

  /** Keeps a failure's line for the summary, while fewer than MAX_LISTED are kept. */
  listFailure(line: () => string): void {
    if (this.failures.length < MAX_LISTED) this.failures.push(line());
  }

  /** What the progress line shows. */
  counts(): Counts {
    return { done: this.succeeded + this.failed + this.unknown.length, failed: this.failed, skipped: this.skipped + this.repeated };
  }
}
