/**
 * Where a bulk run prints: each record on stdout with `--json`, waiting for a
 * slow reader. A reader of stdout or stderr that went away (EPIPE), or a
 * terminal that closed (EIO), stops the run as Ctrl-C does; what is not
 * printed is in the journal. Without stderr, failures could not be shown,
 * and a run must not go on unwatched.
 */

import type { CliOutput } from "../cli-output.js";
import type { StatusStream } from "../progress.js";
import type { Stop } from "./stop.js";

export class ResultsOutput {
  private gone = false;
  private releaseClosed = () => {};
  /** Settles once stdout's reader has gone: a write waiting for it to drain waits no more. */
  private readonly closed = new Promise<void>((resolve) => (this.releaseClosed = resolve));

  constructor(
    private readonly stdout: CliOutput,
    private readonly stderr: StatusStream,
    private readonly halt: (why: Stop) => void,
  ) {
    stdout.on("error", this.onStdoutError);
    stderr.on?.("error", this.onStderrError);
  }

  /** Writes a line to stdout, and waits until it may write again; nothing once its reader has gone. */
  async emit(line: string): Promise<void> {
    if (this.gone) return;
    if (!this.stdout.write(`${line}\n`)) await Promise.race([new Promise<void>((resolve) => this.stdout.once("drain", resolve)), this.closed]);
  }

  /** Stops listening for the readers going away. */
  detach(): void {
    this.stdout.off("error", this.onStdoutError);
    this.stderr.off?.("error", this.onStderrError);
  }

  private readonly onStdoutError = (err: NodeJS.ErrnoException) => {
    if (!readerGone(err)) return;
    this.gone = true;
    this.releaseClosed();
    this.halt({ kind: "output", stream: "stdout", code: err.code });
  };

  private readonly onStderrError = (err: NodeJS.ErrnoException) => {
    if (readerGone(err)) this.halt({ kind: "output", stream: "stderr", code: err.code });
  };
}

/** The reader went away (EPIPE), or the terminal closed (EIO). */
function readerGone(err: NodeJS.ErrnoException): err is NodeJS.ErrnoException & { code: "EPIPE" | "EIO" } {
  return err.code === "EPIPE" || err.code === "EIO";
}
