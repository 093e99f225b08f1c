/** --inject-slowdown: the fetch given to the client burns the CPU it is set to, then sends as the default does. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSlowdown } from "../../bench/slowdown.js";

describe("bench: createSlowdown", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("passes the call to the global fetch unchanged", async () => {
    const fetchStub = vi.fn(async () => new Response("ok"));
    vi.stubGlobal("fetch", fetchStub);
    const slowdown = createSlowdown(0.2);
    slowdown.calibrate(100);
    const init = { method: "POST" };
    expect(await (await slowdown.fetch("http://127.0.0.1:1/x", init)).text()).toBe("ok");
    expect(fetchStub).toHaveBeenCalledWith("http://127.0.0.1:1/x", init);
    expect(slowdown.burnUsPerCall()).toBeCloseTo(20, 6);
  });

  it("burns about fraction x the calibrated CPU per call", async () => {
    vi.stubGlobal("fetch", async () => new Response(null));
    const slowdown = createSlowdown(0.5);
    slowdown.calibrate(4_000); // 2 ms of CPU per call
    const before = process.cpuUsage();
    for (let i = 0; i < 50; i++) await slowdown.fetch("http://127.0.0.1:1/x");
    const used = process.cpuUsage(before);
    const perCallUs = (used.user + used.system) / 50;
    // Generous: CPU time per loop iteration moves with what else runs on the machine.
    expect(perCallUs).toBeGreaterThan(2_000 * 0.5);
    expect(perCallUs).toBeLessThan(2_000 * 3);
  });

  it("refuses a fraction that is not a small positive number", () => {
    expect(() => createSlowdown(0)).toThrow(/fraction of CPU/);
    expect(() => createSlowdown(Number.NaN)).toThrow(/fraction of CPU/);
  });
});
