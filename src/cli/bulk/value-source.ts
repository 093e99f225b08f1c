/**
 * The values a bulk run sends, in order: the valid arguments and, in the
 * place of `-`, the lines of stdin, read only as the run takes them. Each
 * value is taken once per run: a repeat is skipped, and so are values the
 * journal has done; a line too long to be an id is reported.
 */
import type { Readable } from "node:stream";
import type { Item } from "./item.js";
import type { OutcomeRecorder } from "./outcomes.js";
import type { SeenValues } from "./seen-values.js";
import { stdinItems } from "./stdin-lines.js";
import type { RunStop } from "./stop.js";
import type { Tally } from "./tally.js";

export class ValueSource {
  /** Every value has been taken. */
  ended = false;
  private readonly values: AsyncIterator<Item>;
  /** A read of stdin that a stop cut short: kept, and counted after, so that no value is lost between the two. */
  private pending: Promise<IteratorResult<Item>> | undefined;
  /** Ends the wait of the read in progress when the run stops. */
  private cutPull: (() => void) | undefined;

  /** `fromArgs` holds the argument values, `undefined` standing for the lines of `stdin`. */
  constructor(
    fromArgs: readonly (Item | undefined)[],
    private readonly stdin: Readable,
    private readonly done: ReadonlySet<string>,
    private readonly seen: SeenValues,
    private readonly outcomes: OutcomeRecorder,
    stop: RunStop,
  ) {
    this.values = items(fromArgs, stdin)[Symbol.asyncIterator]();
    stop.whenHalted(() => this.cutPull?.());
  }

  /** The next value to send; `undefined` at the end, or when the run stopped while it waited for stdin. */
  async next(): Promise<Item | undefined> {
    while (!this.ended) {
      const next = await this.pull(true);
      if (!next) return undefined;
      if (next.done) {
        this.ended = true;
        return undefined;
      }
      const item = next.value;
      if (item.problem) {
        await this.outcomes.settle(item, { ok: false, error: item.problem });
        continue;
      }
      if (!this.seen.first(item.value)) this.outcomes.skipRepeated();
      else if (this.done.has(item.value)) this.outcomes.skipDone();
      else return item;
    }
    return undefined;
  }

  /**
   * After a stop, counts in `tally` the values not taken: not sent, repeated, or done in earlier runs. A
   * terminal is not read to its end; a stuck pipe yields to a third Ctrl-C (interrupt.ts).
   */
  async countRest(tally: Tally, fromTerminal: boolean): Promise<void> {
    tally.uncounted = fromTerminal;
    if (fromTerminal) return;
    for (;;) {
      const next = await this.pull(false);
      if (!next || next.done) break;
      const { value, problem } = next.value;
      if (problem) tally.notSent++;
      else if (!this.seen.first(value)) tally.repeated++;
      else if (this.done.has(value)) tally.skipped++;
      else tally.notSent++;
    }
  }

  /** Lets go of stdin. */
  async close(): Promise<void> {
    // A read still pending would hold the generator, and the process, open.
    if (this.pending !== undefined) this.stdin.destroy();
    else await this.values.return?.(undefined);
  }

  /** The next value read; a `cuttable` read gives `undefined` when the run stops first. */
  private pull(cuttable: boolean): Promise<IteratorResult<Item> | undefined> {
    return new Promise((resolve, reject) => {
      const read = (this.pending ??= this.values.next());
      let over = false;
      if (cuttable) {
        this.cutPull = () => {
          over = true;
          resolve(undefined);
        };
      }
      read.then(
        (next) => {
          if (over) return;
          this.pending = this.cutPull = undefined;
          resolve(next);
        },
        (err: unknown) => (over ? undefined : reject(err)),
      );
    });
  }
}

/** The valid argument values in order, `undefined` standing for the lines of stdin (checked when called). */
async function* items(fromArgs: readonly (Item | undefined)[], stdin: Readable): AsyncGenerator<Item> {
  for (const item of fromArgs) {
    if (item === undefined) yield* stdinItems(stdin);
    else if (!item.problem) yield item;
  }
}
