/**
 * A one-line progress line on stderr, drawn only when stderr is a terminal,
 * at most ten times a second and at least once a second: what this run has
 * done, the rate and the time elapsed, and with a known total a bar and the
 * time left. Other stderr lines go through `note` so they do not mix with it.
 */
export interface StatusStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
  /** Where a closed reader (EPIPE) is told; a bulk run stops on it. */
  on?(event: "error", listener: (err: NodeJS.ErrnoException) => void): unknown;
  off?(event: "error", listener: (err: NodeJS.ErrnoException) => void): unknown;
}

export interface Counts {
  /** Values this run has an outcome for, failed ones included; not those skipped. */
  done: number;
  failed: number;
  /** Values the journal had done in earlier runs. */
  skipped: number;
}

const REDRAW_MS = 100;
const TICK_MS = 1_000;
const BAR_WIDTH = 20;
/** The rate is taken over about this long, so that the time left follows a server that slows down. */
const RATE_WINDOW_MS = 10_000;

export class Progress {
  private counts: Counts = { done: 0, failed: 0, skipped: 0 };
  private all: number | undefined;
  private startedAt = 0;
  private drawnAt = 0;
  private shown = false;
  private ticker: ReturnType<typeof setInterval> | undefined;
  /** (time, done) pairs of the last RATE_WINDOW_MS, oldest first. */
  private samples: [number, number][] = [];
  private readonly tty: boolean;

  constructor(
    private readonly stream: StatusStream,
    private readonly label: string,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tty = stream.isTTY === true;
  }

  /** Starts the clock; `total` is what this run is to do, when known. */
  start(total?: number): void {
    this.startedAt = this.now();
    this.samples = [[this.startedAt, 0]];
    this.all = total;
    if (!this.tty) return;
    this.draw();
    this.ticker = setInterval(() => this.draw(), TICK_MS);
    this.ticker.unref();
  }

  /** The total, once known (a file on stdin is counted while the run goes). */
  total(total: number): void {
    this.all = total;
  }

  update(counts: Counts): void {
    this.counts = counts;
    if (!this.tty || this.now() - this.drawnAt < REDRAW_MS) return;
    this.draw();
  }

  /** Writes a whole line to the stream, above the progress line. */
  note(line: string): void {
    const redraw = this.shown;
    this.clear();
    this.stream.write(`${line}\n`);
    if (redraw) this.draw();
  }

  /** Removes the progress line and stops its clock; call before the final output. */
  finish(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
    this.clear();
  }

  /** The progress line, without the bar. */
  private line(): { text: string; fraction: number | undefined } {
    const now = this.now();
    const { done, failed, skipped } = this.counts;
    this.samples.push([now, done]);
    while (this.samples.length > 2 && now - (this.samples[1] as [number, number])[0] >= RATE_WINDOW_MS) this.samples.shift();
    const [since, doneThen] = this.samples[0] as [number, number];
    const rate = now > since ? ((done - doneThen) * 1000) / (now - since) : 0;
    const total = this.all;
    const parts = [total === undefined ? `${done} done` : `${done}/${total} done`];
    if (failed > 0) parts.push(`${failed} failed`);
    if (skipped > 0) parts.push(`${skipped} skipped`);
    let text = `${parts.join(", ")} · ${rate < 10 ? rate.toFixed(1) : Math.round(rate)}/s · ${clock(now - this.startedAt)} elapsed`;
    if (total !== undefined && rate > 0 && done < total) text += ` · ETA ${clock(((total - done) / rate) * 1000)}`;
    return { text, fraction: total === undefined || total === 0 ? undefined : Math.min(1, done / total) };
  }

  private draw(): void {
    this.drawnAt = this.now();
    const { text, fraction } = this.line();
    const width = Math.max(10, (this.stream.columns ?? 80) - 1);
    let bar = "";
    // The bar only when the numbers fit beside it.
    if (fraction !== undefined && this.label.length + BAR_WIDTH + 4 + text.length <= width) {
      const filled = Math.round(fraction * BAR_WIDTH);
      bar = ` [${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}]`;
    }
    this.stream.write(`\r\x1b[2K${`${this.label}${bar} ${text}`.slice(0, width)}`);
    this.shown = true;
  }

  private clear(): void {
    if (!this.shown) return;
    this.stream.write("\r\x1b[2K");
    this.shown = false;
  }
}

/** `m:ss`, or `h:mm:ss` from an hour. */
function clock(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
