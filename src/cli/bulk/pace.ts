/**
 * The pace of a bulk run, shared by all its calls. When the server throttles
 * (429, or 503 with Retry-After) the whole run pauses for as long as it asks,
 * and slows down: its concurrency and its send rate are cut (multiplicative
 * decrease), then raised a step at a time while answers come back
 * unthrottled (additive increase), the concurrency never above --concurrency.
 * As in the AWS SDK's "adaptive" retry mode, the send rate is limited only
 * once the server has throttled: a limit on concurrency alone cannot hold a
 * server that answers fast under its rate.
 * The clock is passed in, so the policy runs in tests without timers. The
 * back-off without a Retry-After is the client's own (src/http/retry.ts).
 */
import { backoffMs } from "../../http/retry.js";

/** Cut on the throttle that ends the search for the server's rate: TCP halves its window. */
const FOUND_DECREASE = 0.5;
/** Cut on a later throttle: the run keeps this share of what the server accepted in the last second. */
const DECREASE = 0.9;
/** While the rate is being found, each answer adds this many requests a second: the rate doubles in about 0.2 s. */
const SEARCH_STEP = 4;
/** Afterwards each answer adds this many requests a second: about 1 % a second. */
const STEP = 0.01;
/** Requests a second; the run never sends slower. */
const MIN_RATE = 1;
/** The window in which accepted answers are counted. */
const METER_MS = 1_000;
const METER_SLOTS = 20;

export interface PaceOptions {
  /** The most calls at once: --concurrency. */
  readonly maxConcurrency: number;
  /** After this long with every answer throttled, the run gives up. */
  readonly giveUpMs: number;
  readonly now: () => number;
}

/** Whether a request may start now; if not, how long to wait (`Infinity`: until a call settles). */
export type PaceDecision = { readonly send: true } | { readonly send: false; readonly waitMs: number };

export class Pace {
  private concurrency: number;
  private answersInRow = 0;
  /** Requests a second; unlimited until the server first throttles. */
  private rate = Number.POSITIVE_INFINITY;
  /** Whether the rate held a request back since the last answer: it grows only then. */
  private rateBound = false;
  private searching = false;
  private nextSendAt = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  /** When the current throttling episode began: throttles of requests sent before it belong to it. */
  private episodeAt = Number.NEGATIVE_INFINITY;
  private episodesInRow = 0;
  /** Since when every answer has been a throttle. */
  private throttledSince: number | undefined;
  private readonly accepted = new Meter(METER_MS, METER_SLOTS);

  constructor(private readonly options: PaceOptions) {
    this.concurrency = options.maxConcurrency;
  }

  next(inFlight: number): PaceDecision {
    const now = this.options.now();
    if (now < this.pausedUntil) return { send: false, waitMs: this.pausedUntil - now };
    if (inFlight >= this.concurrency) return { send: false, waitMs: Number.POSITIVE_INFINITY };
    if (now < this.nextSendAt) {
      this.rateBound = true;
      return { send: false, waitMs: this.nextSendAt - now };
    }
    return { send: true };
  }

  /** Records a request sent now; the ticket goes back with its answer. */
  sent(): number {
    const now = this.options.now();
    if (Number.isFinite(this.rate)) this.nextSendAt = Math.max(this.nextSendAt, now) + 1000 / this.rate;
    return now;
  }

  /** The server answered without throttling, whatever the status: it is there and keeping up. */
  answered(): void {
    this.throttledSince = undefined;
    this.episodesInRow = 0;
    this.accepted.add(this.options.now());
    if (++this.answersInRow >= this.concurrency) {
      this.answersInRow = 0;
      this.concurrency = Math.min(this.options.maxConcurrency, this.concurrency + 1);
    }
    if (Number.isFinite(this.rate) && this.rateBound) {
      this.rate += this.searching ? SEARCH_STEP : STEP;
      this.rateBound = false;
    }
  }

  /**
   * The server throttled the request sent at `ticket`. The run pauses `pauseMs`
   * (the server's Retry-After), or backs off when the server named no time.
   */
  throttled(ticket: number, pauseMs: number | undefined): void {
    const now = this.options.now();
    this.throttledSince ??= now;
    this.answersInRow = 0;
    if (ticket >= this.episodeAt) {
      // A request sent under the current pace: a new episode. Others were sent before the last cut.
      const pausedRecently = now - this.pausedUntil < METER_MS;
      this.episodeAt = now;
      this.episodesInRow++;
      this.concurrency = Math.max(1, Math.floor(this.concurrency / 2));
      if (!Number.isFinite(this.rate)) {
        // First throttle: start from what the server accepted in the last second, and search upwards.
        this.rate = Math.max(MIN_RATE, this.accepted.count(now) * (1000 / METER_MS));
        this.searching = true;
      } else if (this.searching || pausedRecently) {
        this.rate = Math.max(MIN_RATE, this.rate * FOUND_DECREASE);
        this.searching = false;
      } else {
        // A whole second of sending since the last pause: what the server accepted in it is close to its rate.
        this.rate = Math.max(MIN_RATE, Math.min(this.rate, this.accepted.count(now) * (1000 / METER_MS)) * DECREASE);
      }
    }
    const pause = Math.min(pauseMs ?? backoffMs(this.episodesInRow), this.options.giveUpMs);
    this.pausedUntil = Math.max(this.pausedUntil, now + pause);
    this.nextSendAt = Math.max(this.nextSendAt, this.pausedUntil);
  }

  /** Whether every answer has been a throttle for `giveUpMs`: the run then gives up. */
  gaveUp(): boolean {
    return this.throttledSince !== undefined && this.options.now() - this.throttledSince >= this.options.giveUpMs;
  }

  /** For tests and the bench. */
  state(): { concurrency: number; rate: number; pausedUntil: number } {
    return { concurrency: this.concurrency, rate: this.rate, pausedUntil: this.pausedUntil };
  }
}

/** Counts events in a sliding window with a fixed number of slots: memory does not grow with the rate. */
class Meter {
  private readonly slots: Float64Array;
  private readonly slotMs: number;
  private slot = Number.NEGATIVE_INFINITY;

  constructor(windowMs: number, size: number) {
    this.slots = new Float64Array(size);
    this.slotMs = windowMs / size;
  }

  add(now: number): void {
    this.advance(now);
    const i = this.slot % this.slots.length;
    this.slots[i] = (this.slots[i] ?? 0) + 1;
  }

  count(now: number): number {
    this.advance(now);
    return this.slots.reduce((sum, n) => sum + n, 0);
  }

  private advance(now: number): void {
    const slot = Math.floor(now / this.slotMs);
    if (slot <= this.slot) return;
    if (slot - this.slot >= this.slots.length) this.slots.fill(0);
    else for (let s = this.slot + 1; s <= slot; s++) this.slots[s % this.slots.length] = 0;
    this.slot = slot;
  }
}
