/** The run's pace on a simulated clock: pauses, AIMD of concurrency and rate, giving up; and whole runs against a simulated token bucket. */
import { describe, expect, it } from "vitest";
import { Pace } from "../../../src/cli/bulk/pace.js";
import { retryAfterMs } from "../../../src/http/retry.js";

function clocked(maxConcurrency: number, giveUpMs = 120_000) {
  const clock = { now: 0 };
  const pace = new Pace({ maxConcurrency, giveUpMs, now: () => clock.now });
  return { clock, pace };
}

describe("a pace shared by the run", () => {
  it("sends up to --concurrency at once and never limits the rate before the server throttles", () => {
    const { pace } = clocked(4);
    for (let i = 0; i < 1_000; i++) pace.sent();
    expect(pace.next(3)).toEqual({ send: true });
    expect(pace.next(4)).toEqual({ send: false, waitMs: Number.POSITIVE_INFINITY });
  });

  it("pauses the whole run for Retry-After, and cuts concurrency once per episode", () => {
    const { clock, pace } = clocked(16);
    const tickets = Array.from({ length: 16 }, () => pace.sent());
    clock.now = 5;
    pace.throttled(tickets[0]!, 1_000);
    // The other 15 were sent before the cut: they lengthen the pause, they do not cut again.
    clock.now = 7;
    for (const t of tickets.slice(1)) pace.throttled(t, 1_000);
    expect(pace.state().concurrency).toBe(8);
    expect(pace.next(0)).toEqual({ send: false, waitMs: 1_000 });
    clock.now = 1_007;
    expect(pace.next(0)).toEqual({ send: true });
  });

  it("backs off 0.5 s, doubling, when the server names no time, and reads Retry-After as seconds or a date", () => {
    const { clock, pace } = clocked(4);
    pace.throttled(pace.sent(), undefined);
    const first = (pace.next(0) as { waitMs: number }).waitMs;
    expect(first).toBeGreaterThanOrEqual(375);
    expect(first).toBeLessThanOrEqual(500);
    clock.now = 600;
    pace.throttled(pace.sent(), undefined);
    expect((pace.next(0) as { waitMs: number }).waitMs).toBeGreaterThanOrEqual(750);

    expect(retryAfterMs("2")).toBe(2_000);
    expect(retryAfterMs(" 0.5 ")).toBe(500);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs("soon")).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });

  it("raises concurrency by one after a run of successes, never above --concurrency", () => {
    const { pace } = clocked(6);
    pace.throttled(pace.sent(), 0);
    expect(pace.state().concurrency).toBe(3);
    for (let i = 0; i < 3; i++) pace.answered();
    expect(pace.state().concurrency).toBe(4);
    for (let i = 0; i < 1_000; i++) pace.answered();
    expect(pace.state().concurrency).toBe(6);
  });

  it("limits the rate from the first throttle on: what the server accepted in the last second", () => {
    const { clock, pace } = clocked(16);
    for (let i = 0; i < 40; i++) {
      clock.now = i * 10;
      pace.sent();
      pace.answered();
    }
    clock.now = 400;
    pace.throttled(pace.sent(), 1_000);
    expect(pace.state().rate).toBe(40);
    clock.now = 1_400;
    expect(pace.next(0)).toEqual({ send: true });
    pace.sent();
    // 40 a second: the next request 25 ms later.
    expect(pace.next(0)).toEqual({ send: false, waitMs: 25 });
  });

  it("gives up only after every answer has been a throttle for giveUpMs; any other answer resets that", () => {
    const { clock, pace } = clocked(4, 120_000);
    pace.throttled(pace.sent(), 60_000);
    clock.now = 60_000;
    pace.throttled(pace.sent(), 60_000);
    expect(pace.gaveUp()).toBe(false);
    clock.now = 100_000;
    pace.answered();
    clock.now = 130_000;
    pace.throttled(pace.sent(), 1_000);
    expect(pace.gaveUp()).toBe(false);
    clock.now = 250_000;
    pace.throttled(pace.sent(), 1_000);
    expect(pace.gaveUp()).toBe(true);
  });
});

/**
 * A whole run on a simulated clock: the CLI's dispatcher (one request per 0.3 ms at most) against a
 * token bucket that answers 429 with Retry-After beyond its rate, `latencyMs` after each request.
 */
function simulate(o: { ids: number; concurrency: number; rate: number; burst: number; latencyMs: number; retryAfterMs: number }) {
  const events: { at: number; run: () => void }[] = [];
  let now = 0;
  const schedule = (at: number, run: () => void) => {
    let i = events.length;
    while (i > 0 && (events[i - 1] as { at: number }).at > at) i--;
    events.splice(i, 0, { at, run });
  };
  const pace = new Pace({ maxConcurrency: o.concurrency, giveUpMs: 120_000, now: () => now });
  let tokens = o.burst;
  let refilledAt = 0;
  let waiting = o.ids;
  let retries = 0;
  let done = 0;
  let inFlight = 0;
  let requests = 0;
  let throttled = 0;
  let maxInFlight = 0;
  let busyUntil = 0;
  let wakeAt = Number.POSITIVE_INFINITY;
  const wakeUp = (at: number) => {
    if (at >= wakeAt && wakeAt > now) return;
    wakeAt = at;
    schedule(at, () => {
      wakeAt = Number.POSITIVE_INFINITY;
      dispatch();
    });
  };
  const dispatch = () => {
    while (waiting + retries > 0) {
      if (now < busyUntil) return wakeUp(busyUntil);
      const next = pace.next(inFlight);
      if (!next.send) return Number.isFinite(next.waitMs) ? wakeUp(now + next.waitMs) : undefined;
      if (retries > 0) retries--;
      else waiting--;
      inFlight++;
      requests++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const ticket = pace.sent();
      busyUntil = now + 0.3;
      tokens = Math.min(o.burst, tokens + ((now - refilledAt) / 1000) * o.rate);
      refilledAt = now;
      const accepted = tokens >= 1;
      if (accepted) tokens--;
      schedule(now + o.latencyMs, () => {
        inFlight--;
        if (accepted) {
          done++;
          pace.answered();
        } else {
          throttled++;
          retries++;
          pace.throttled(ticket, o.retryAfterMs);
        }
        dispatch();
      });
    }
  };
  dispatch();
  while (events.length > 0 && done < o.ids) {
    const event = events.shift() as { at: number; run: () => void };
    now = event.at;
    event.run();
  }
  return { seconds: now / 1000, requests, throttled, maxInFlight, done };
}

describe("whole runs against a simulated rate limit", () => {
  // The bench's throttling workload: 1 500 ids through 150/s. Two 1 s pauses are needed to find the
  // rate (the first, at the start, says nothing about it), so about 12 s is the least any pace can take.
  it.each([0, 5, 25])("1 500 ids at --concurrency 16 through 150/s, burst 10, answers after %i ms: under 14.5 s, under 2 percent throttled", (latencyMs) => {
    const run = simulate({ ids: 1_500, concurrency: 16, rate: 150, burst: 10, latencyMs, retryAfterMs: 1_000 });
    expect(run.done).toBe(1_500);
    expect(run.seconds).toBeLessThan(14.5);
    expect(run.throttled / run.requests).toBeLessThan(0.02);
    expect(run.maxInFlight).toBeLessThanOrEqual(16);
  });

  it("keeps --concurrency busy when nothing throttles: 2 000 ids at 16 with 25 ms answers take the floor of 3.125 s", () => {
    const run = simulate({ ids: 2_000, concurrency: 16, rate: 1e9, burst: 1e9, latencyMs: 25, retryAfterMs: 1_000 });
    expect(run.throttled).toBe(0);
    expect(run.seconds).toBeLessThan(3.125 * 1.02);
  });

  // Here each 1 s pause costs a twentieth of the ideal 20 s: 29.4 s when this was written.
  it("finds a slow server's rate too: 200 ids through 10/s, burst 2, in under 32 s", () => {
    const run = simulate({ ids: 200, concurrency: 8, rate: 10, burst: 2, latencyMs: 5, retryAfterMs: 1_000 });
    expect(run.done).toBe(200);
    expect(run.seconds).toBeLessThan(32);
    expect(run.throttled / run.requests).toBeLessThan(0.1);
  });
});
