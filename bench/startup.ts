/**
 * Start-up: `node -e "import('thulium-chat-client')"` minus `node -e ""`, and
 * `thulium-chat --help`, in interleaved runs.
 */
import { spawnSync } from "node:child_process";
import type { PackageUnderTest } from "./package-under-test.js";
import { median, round } from "./stats.js";

function timeRun(args: string[], cwd: string): number {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  const ms = performance.now() - t0;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  return ms;
}

export interface StartupResult {
  measured: string;
  runs: number;
  /** Medians; importCostMs is the median of each import minus the `node -e ""` run right before it. */
  nodeEmptyMs: number;
  importEntryMs: number;
  importCostMs: number;
  /** The fastest `node -e ""`: how quick a process can start on this machine when nothing is in its way. */
  fastestNodeEmptyMs: number;
  cliHelp: { ms: number } | { skipped: string };
  /** Every run, in order: `node -e ""`, the import, `thulium-chat --help` (NaN without a CLI). */
  perRunMs: { nodeEmpty: number[]; importEntry: number[]; cliHelp: number[] };
}

export function measureStartup(pkg: PackageUnderTest, runs: number): StartupResult {
  const empty: number[] = [];
  const entry: number[] = [];
  const help: number[] = [];
  const cliMain = "main" in pkg.cli ? pkg.cli.main : undefined;
  for (let i = 0; i < runs + 2; i++) {
    const e = timeRun(["-e", ""], pkg.cwd);
    const m = timeRun(["-e", "import('thulium-chat-client')"], pkg.cwd);
    const h = cliMain ? timeRun([cliMain, "--help"], pkg.cwd) : Number.NaN;
    if (i < 2) continue; // warm the file cache
    empty.push(e);
    entry.push(m);
    help.push(h);
  }
  return {
    measured: pkg.how,
    runs,
    nodeEmptyMs: round(median(empty), 1),
    importEntryMs: round(median(entry), 1),
    // Median of the paired differences: each pair ran back to back.
    importCostMs: round(median(entry.map((m, i) => m - (empty[i] as number))), 1),
    fastestNodeEmptyMs: round(Math.min(...empty), 1),
    cliHelp: cliMain ? { ms: round(median(help), 1) } : { skipped: (pkg.cli as { skipped: string }).skipped },
    perRunMs: { nodeEmpty: empty.map((x) => round(x, 1)), importEntry: entry.map((x) => round(x, 1)), cliHelp: help.map((x) => round(x, 1)) },
  };
}
