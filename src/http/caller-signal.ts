/**
 * Following the caller's `AbortSignal`: an attempt in flight is aborted with
 * its reason, and a retry's wait ends at once. One listener per signal, not
 * one per call: a signal shared by many calls (one per batch, one per request
 * of a server) never makes Node warn of a listener leak.
 */
import { ThuliumAbortError } from "../errors/thulium-errors.js";

/** What follows a caller's signal: an attempt's controller, aborted with the signal's reason, or a retry's wait. */
type Follower = AbortController | (() => void);

/** The followers of each caller signal, behind one listener on it. */
const followers = new WeakMap<AbortSignal, Set<Follower>>();

export function follow(signal: AbortSignal, follower: Follower): void {
  let set = followers.get(signal);
  if (!set) {
    const all = new Set<Follower>();
    set = all;
    followers.set(signal, all);
    signal.addEventListener(
      "abort",
      () => {
        for (const f of all) typeof f === "function" ? f() : f.abort(signal.reason);
        all.clear();
      },
      { once: true },
    );
  }
  set.add(follower);
}

export function unfollow(signal: AbortSignal, follower: Follower): void {
  followers.get(signal)?.delete(follower);
}

/** Waits `ms` before a retry; the caller's signal ends the wait with a `ThuliumAbortError`. */
export function sleep(ms: number, signal: AbortSignal | null, operationId: string | undefined): Promise<void> {
  if (!signal) return new Promise((resolve) => setTimeout(resolve, ms));
  if (signal.aborted) return Promise.reject(new ThuliumAbortError(operationId, signal.reason));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ThuliumAbortError(operationId, signal.reason));
    };
    // Not unref'd: a pending retry is work the process must still do.
    const timer = setTimeout(() => {
      unfollow(signal, onAbort);
      resolve();
    }, ms);
    follow(signal, onAbort);
  });
}
