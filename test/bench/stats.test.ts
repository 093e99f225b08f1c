/** The interval that decides a bench budget: a regression fails it, noise alone does not. */
import { describe, expect, it } from "vitest";
import { estimateLevel, estimateRatio, verdict } from "../../bench/stats.js";

/** Ratios around `center`, each round off by up to ±`spread` (fixed values, so the test is repeatable). */
const noisy = (center: number, spread: number, offsets = [0.9, -0.7, 0.3, -1, 0.6, -0.2, 1, -0.5, 0.1, -0.8, 0.4, -0.3]) =>
  offsets.map((o) => center * (1 + o * spread));

describe("bench: estimateRatio and verdict", () => {
  it("passes a ratio whose rounds all sit well on the budget's side", () => {
    const e = estimateRatio(noisy(1.02, 0.04));
    expect(e.low).toBeGreaterThan(0.95);
    expect(verdict(e, { atLeast: 0.95 })).toBe("pass");
    expect(verdict(e, { atMost: 1.15 })).toBe("pass");
  });

  it("fails a 20 % regression even with 10 % noise per round", () => {
    const e = estimateRatio(noisy(0.8, 0.1));
    expect(e.high).toBeLessThan(0.95);
    expect(verdict(e, { atLeast: 0.95 })).toBe("fail");
    expect(verdict(estimateRatio(noisy(1.25, 0.1)), { atMost: 1.05 })).toBe("fail");
  });

  it("leaves undecided, not failed, a ratio whose noisy rounds straddle the budget", () => {
    const e = estimateRatio(noisy(0.95, 0.2));
    expect(e.low).toBeLessThan(0.95);
    expect(e.high).toBeGreaterThan(0.95);
    expect(verdict(e, { atLeast: 0.95 })).toBe("undecided");
  });

  it("shrugs off one round that another process slowed", () => {
    const rounds = noisy(1.0, 0.03);
    rounds[4] = 0.5; // a round where d ran while the machine was busy
    const e = estimateRatio(rounds);
    expect(e.value).toBeGreaterThan(0.97);
    expect(verdict(e, { atLeast: 0.95 })).not.toBe("fail");
  });

  it("gives the same interval for the same rounds, and one as wide as the noise", () => {
    expect(estimateRatio(noisy(1, 0.1))).toEqual(estimateRatio(noisy(1, 0.1)));
    const narrow = estimateRatio(noisy(1, 0.02));
    const wide = estimateRatio(noisy(1, 0.2));
    expect(wide.high - wide.low).toBeGreaterThan(5 * (narrow.high - narrow.low));
  });

  it("treats 0.8 and 1.25 alike: a ratio and its inverse get inverse intervals", () => {
    const e = estimateRatio(noisy(0.8, 0.1));
    const inverse = estimateRatio(noisy(0.8, 0.1).map((r) => 1 / r));
    expect(inverse.value).toBeCloseTo(1 / e.value, 6);
    expect(inverse.low).toBeCloseTo(1 / e.high, 2);
  });

  it("estimates a level (ms) that may be negative, and refuses a ratio that is not positive", () => {
    const e = estimateLevel([-1, 2, 3, 2.5, 1.5, 2]);
    expect(e.low).toBeLessThanOrEqual(e.value);
    expect(e.value).toBeGreaterThan(1);
    expect(() => estimateRatio([1, 0, 1])).toThrow(/positive finite ratio/);
    expect(() => estimateRatio([])).toThrow(/positive finite ratio/);
  });
});
