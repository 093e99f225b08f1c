/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal,
 * at most ten times a second. Other stderr lines go through `note` so they
 * do not mix with the bar.
 */
export interface StatusStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const REDRAW_MS = 100;
const BAR_WIDTH = 24;

export class Progress {
  private done = 0;
  private failed = 0;
  private drawnAt = 0;
  private shown = false;
  private readonly tty: boolean;

  constructor(
    private readonly stream: StatusStream,
    private readonly label: string,
    private readonly total: number | undefined,
  ) {
    this.tty = stream.isTTY === true;
  }

  update(done: number, failed: number): void {
    this.done = done;
    this.failed = failed;
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.drawnAt < REDRAW_MS) return;
    this.drawnAt = now;
    this.draw();
  }

  /** Writes a whole line to the stream, above the bar. */
  note(line: string): void {
    this.clear();
    this.stream.write(`${line}\n`);
    if (this.tty && this.drawnAt > 0) this.draw();
  }

  /** Removes the bar; call before the final output. */
  finish(): void {
    this.clear();
  }

  private draw(): void {
    const count = this.total === undefined ? `${this.done}` : `${this.done}/${this.total}`;
    let bar = "";
    if (this.total !== undefined && this.total > 0) {
      const filled = Math.min(BAR_WIDTH, Math.round((this.done / this.total) * BAR_WIDTH));
      bar = ` [${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}]`;
    }
    const line = `${this.label}${bar} ${count} done${this.failed > 0 ? `, ${this.failed} failed` : ""}`;
    this.stream.write(`\r\x1b[2K${line.slice(0, Math.max(10, (this.stream.columns ?? 80) - 1))}`);
    this.shown = true;
  }

  private clear(): void {
    if (!this.shown) return;
    this.stream.write("\r\x1b[2K");
    this.shown = false;
  }
}
