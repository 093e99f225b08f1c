/**
 * Why and when a bulk run stops before the end of its values: Ctrl-C,
 * SIGTERM or SIGHUP, the breaker, a server that throttles for too long, a reader of
 * stdout or stderr that went away, a journal that cannot be written. The
 * first reason is kept; the calls in flight then get the grace period, and
 * are cancelled after it (their outcome is then unknown).
 */
import { setMaxListeners } from "node:events";
import type { Interrupt, Signal } from "../interrupt.js";

/** Why a run stopped before the end of its values. */
export type Stop =
  | { kind: "signal"; signal: Signal }
  | { kind: "breaker"; failures: number; last: unknown }
  | { kind: "throttled"; forMs: number; last: unknown }
  /** The reader of stdout or stderr went away (EPIPE), as with `| head -1` or `|& head -1`, or the terminal closed (EIO). */
  | { kind: "output"; stream: "stdout" | "stderr"; code: "EPIPE" | "EIO" }
  | { kind: "journal"; error: Error };

export class RunStop {
  /** Why the run stopped; `undefined` while it goes on. */
  reason: Stop | undefined;
  /** Aborted when the calls in flight are cancelled: at the end of the grace period, or on a second signal. */
  private readonly cancel = new AbortController();
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  /** Called once, when the run stops: the parts of the run that wait wake up. */
  private readonly onHalt: (() => void)[] = [];
  private interrupt: Interrupt | undefined;

  constructor(
    private readonly graceMs: number,
    concurrency: number,
  ) {
    setMaxListeners(concurrency + 10, this.cancel.signal);
  }

  /** The signal every call is made with. */
  get signal(): AbortSignal {
    return this.cancel.signal;
  }

  /** Whether the calls in flight were cancelled. */
  get cancelled(): boolean {
    return this.cancel.signal.aborted;
  }

  whenHalted(listener: () => void): void {
    this.onHalt.push(listener);
  }

  /** Stops the run for `why`, unless it stopped already: no new value is sent. */
  halt(why: Stop): void {
    if (this.reason) return;
    this.reason = why;
    this.graceTimer = setTimeout(() => this.cancel.abort(), this.graceMs);
    for (const listener of this.onHalt) listener();
  }

  /** Stops on `interrupt`'s first signal, and cancels the calls in flight on its second. */
  follow(interrupt: Interrupt): void {
    this.interrupt = interrupt;
    if (interrupt.stop.aborted) this.onStop();
    else interrupt.stop.addEventListener("abort", this.onStop, { once: true });
    if (interrupt.now.aborted) this.onNow();
    else interrupt.now.addEventListener("abort", this.onNow, { once: true });
  }

  /** The run is over: no timer or listener is left behind. */
  dispose(): void {
    clearTimeout(this.graceTimer);
    this.interrupt?.stop.removeEventListener("abort", this.onStop);
    this.interrupt?.now.removeEventListener("abort", this.onNow);
  }

  /** Records why a run that is over stopped, found only at its end (a journal that failed to flush). */
  stoppedAtEnd(why: Stop): void {
    this.reason ??= why;
  }

  private readonly onStop = () => {
    const signal = this.interrupt?.stop.reason;
    this.halt({ kind: "signal", signal: signal === "SIGTERM" || signal === "SIGHUP" ? signal : "SIGINT" });
  };

  private readonly onNow = () => {
    this.onStop();
    this.cancel.abort();
  };
}
