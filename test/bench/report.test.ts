/** bench/README.md is bench/results.json rendered: regenerated here and compared. */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { NODE_LINES } from "../../bench/budgets.js";
import { BENCH_README, RESULTS, type Results, renderReadme } from "../../bench/report.js";

describe("bench/README.md", () => {
  it("is generated from bench/results.json (run `npm run bench:report` after editing bench/report.ts)", async () => {
    const results = JSON.parse(await readFile(RESULTS, "utf8")) as Results;
    expect(await readFile(BENCH_README, "utf8")).toBe(renderReadme(results));
  });

  it("records a full run for every Node line the budgets name", async () => {
    const { runs } = JSON.parse(await readFile(RESULTS, "utf8")) as Results;
    const full = runs.filter((r) => r.mode === "full" && !r.injectedSlowdown);
    expect(full.map((r) => r.line).sort()).toEqual([...NODE_LINES]);
  });

  it("records a passing check run, and the planted regression's run failing its budgets", async () => {
    const { runs } = JSON.parse(await readFile(RESULTS, "utf8")) as Results;
    const checks = runs.filter((r) => r.mode === "ci");
    expect(checks.some((r) => !r.injectedSlowdown && r.budgets.every((b) => b.status !== "fail"))).toBe(true);
    expect(checks.some((r) => r.injectedSlowdown !== undefined && r.budgets.some((b) => b.status === "fail"))).toBe(true);
  });
});
