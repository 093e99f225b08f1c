/**
 * Start-up: `node -e "import('thulium-chat-client')"` minus `node -e ""`, and
 * `thulium-chat --help`; medians of interleaved runs.
 */
import { spawnSync } from "node:child_process";
import { median, round } from "./harness.js";
import type { PackageUnderTest } from "./package-under-test.js";

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
  nodeEmptyMs: number;
  importEntryMs: number;
  importCostMs: number;
  cliHelp: { ms: number } | { skipped: string };
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
  const nodeEmptyMs = median(empty);
  const importEntryMs = median(entry);
  return {
    measured: pkg.how,
    runs,
    nodeEmptyMs: round(nodeEmptyMs, 1),
    importEntryMs: round(importEntryMs, 1),
    // Median of the paired differences: each pair ran back to back.
    importCostMs: round(median(entry.map((m, i) => m - (empty[i] as number))), 1),
    cliHelp: cliMain ? { ms: round(median(help), 1) } : { skipped: (pkg.cli as { skipped: string }).skipped },
  };
}
