/**
 * Ctrl-C and SIGTERM in steps: the first asks the command to stop (a bulk
 * run takes no new ids and lets the calls in flight settle), the second to
 * stop now, and the next exits at once. The second exits too when nothing
 * listens for it, as when a single call waits on a password from stdin.
 * SIGHUP, sent when the terminal closes, stops the command as the first
 * Ctrl-C does; it never cancels the calls in flight, as a closing terminal
 * sends it more than once (the kernel, then the shell to its jobs).
 */
import { getEventListeners } from "node:events";

export interface Interrupt {
  /** Fires on the first signal; its reason is the signal's name. */
  readonly stop: AbortSignal;
  /** Fires on the second signal. */
  readonly now: AbortSignal;
}

export type Signal = "SIGINT" | "SIGTERM" | "SIGHUP";

/** The shell's convention: 128 + the signal's number. */
export const SIGNAL_EXIT: Readonly<Record<Signal, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** A bulk run stopped because the reader of stdout went away: 128 + SIGPIPE, as a shell reports a program SIGPIPE killed. */
export const BROKEN_PIPE_EXIT = 141;

/** An `Interrupt` and what raises its signals: the process's own in the bin, a test's in-process. */
export interface InterruptSource {
  readonly interrupt: Interrupt;
  /** As if the process got `signal`; the third, or a second nothing listens for, calls `exit`. */
  raise(signal: Signal): void;
}

/** Signals raised by hand; `exit` is what ends the process at once. */
export function interruptSource(exit: (code: number) => void): InterruptSource {
  const stop = new AbortController();
  const now = new AbortController();
  const raise = (signal: Signal) => {
    if (!stop.signal.aborted) stop.abort(signal);
    else if (!now.signal.aborted && getEventListeners(now.signal, "abort").length > 0) {
      // A closing terminal sends SIGHUP more than once: only Ctrl-C or SIGTERM again cancels the calls in flight.
      if (signal !== "SIGHUP") now.abort(signal);
    } else exit(SIGNAL_EXIT[stop.signal.reason as Signal]);
  };
  return { interrupt: { stop: stop.signal, now: now.signal }, raise };
}

/** The process's SIGINT, SIGTERM and SIGHUP as an `Interrupt`. */
export function listenForInterrupts(proc: NodeJS.Process = process): Interrupt {
  const source = interruptSource((code) => proc.exit(code));
  proc.on("SIGINT", () => source.raise("SIGINT"));
  proc.on("SIGTERM", () => source.raise("SIGTERM"));
  proc.on("SIGHUP", () => source.raise("SIGHUP"));
  return source.interrupt;
}

/** The exit code for a command stopped by `interrupt`, or `undefined` when no signal came. */
export function interruptedExit(interrupt: Interrupt): number | undefined {
  return interrupt.stop.aborted ? SIGNAL_EXIT[interrupt.stop.reason as Signal] : undefined;
}
