/**
 * Bulk stop through the CLI, as documented: ids on stdin,
 * `thulium-chat stop - --concurrency 16`, credentials from THULIUM_BASE_URL,
 * THULIUM_USER and THULIUM_PASSWORD. Compared with raw fetch at 16 in flight on
 * the same number of ids, interleaved (a report: on loopback it measures Node's
 * start-up and fetch more than the CLI; the budget is on a 25 ms latency workload,
 * see bench/budgets.ts); peak RSS for 1/10 of the ids vs all of them (a budget).
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { IDS, makeContenders, PASSWORD, USERNAME } from "./contenders.js";
import { type BenchServer, collectGarbage, runLoad } from "./harness.js";
import type { PackageUnderTest } from "./package-under-test.js";
import { median, round } from "./stats.js";

const PROBE = fileURLToPath(new URL("rss-probe.mjs", import.meta.url));
const IN_FLIGHT = 16;

export type CliBulkResult =
  | { skipped: string }
  | {
      ids: number;
      inFlight: number;
      rounds: number;
      /** The loopback comparison, a report; the CI check leaves it out. */
      loopback: { cliIdsPerSecond: number; fetchRps: number; ratioCliToFetch: number } | { skipped: string };
      peakRssSmallBytes: number;
      peakRssLargeBytes: number;
      smallIds: number;
      rssRatioLargeToSmall: number;
    };

/**
 * Peak RSS runs pin the heap's headroom, so that what they measure is what the CLI keeps per id:
 * `--max-semi-space-size=1`, or the young generation grows from 1 to 16 MB per semi-space on any run
 * long enough; `--optimize-for-size`, or the old generation grows before its first major collection
 * by as much as the CLI's whole footprint (Node 24: 106 MB peak for 1 000 ids, 136 to 151 MB for
 * 5 000 to 40 000 ids, a ratio of 1.34 to 1.53 with nothing kept; 1.0 to 1.05 with the flag).
 */
const RSS_FLAGS = ["--max-semi-space-size=1", "--optimize-for-size"];

/** The `i`th of as many distinct UUIDs as a run needs: IDS's first, its last 8 hex digits replaced by `i`. */
function distinctId(i: number): string {
  return `${(IDS[0] as string).slice(0, -8)}${i.toString(16).padStart(8, "0")}`;
}

async function runCli(cliMain: string, server: BenchServer, count: number, nodeFlags: string[] = []): Promise<{ ms: number; peakRss: number }> {
  const dir = await mkdtemp(join(tmpdir(), "thulium-cli-"));
  const rssFile = join(dir, "rss");
  try {
    await server.reset();
    // Distinct ids: a run sends each id once (a repeat is skipped), so cycling through IDS would send 1 024.
    const input = `${Array.from({ length: count }, (_, i) => distinctId(i)).join("\n")}\n`;
    const t0 = performance.now();
    const child = spawn(process.execPath, [...nodeFlags, "--import", PROBE, cliMain, "stop", "-", "--concurrency", String(IN_FLIGHT)], {
      env: { ...process.env, THULIUM_BASE_URL: server.url, THULIUM_USER: USERNAME, THULIUM_PASSWORD: PASSWORD, BENCH_RSS_FILE: rssFile },
      stdio: ["pipe", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdin.end(input);
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    const ms = performance.now() - t0;
    if (code !== 0) throw new Error(`thulium-chat stop exited with ${code}: ${stderr.slice(0, 500)}`);
    const { stop } = await server.stats();
    if (stop !== count) throw new Error(`thulium-chat stop sent ${stop} stop requests for ${count} ids`);
    return { ms, peakRss: Number(await readFile(rssFile, "utf8")) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function measureCliBulk(pkg: PackageUnderTest, server: BenchServer, ids: number, rounds: number, loopback: boolean): Promise<CliBulkResult> {
  if (!("main" in pkg.cli)) return { skipped: pkg.cli.skipped };
  const cliMain = pkg.cli.main;
  const fetchCall = makeContenders(server.url, "stop", pkg.client).b;
  const smallIds = Math.max(1, Math.round(ids / 10));
  await runLoad(fetchCall, 1_000, IN_FLIGHT); // warm-up
  await runCli(cliMain, server, smallIds);
  const cli: number[] = [];
  const raw: number[] = [];
  const rssLarge: number[] = [];
  const rssSmall: number[] = [];
  for (let r = 0; loopback && r < rounds; r++) {
    collectGarbage();
    raw.push((await runLoad(fetchCall, ids, IN_FLIGHT)).rps);
    const large = await runCli(cliMain, server, ids);
    cli.push((ids / large.ms) * 1000);
  }
  for (let r = 0; r < rounds; r++) {
    rssLarge.push((await runCli(cliMain, server, ids, RSS_FLAGS)).peakRss);
    rssSmall.push((await runCli(cliMain, server, smallIds, RSS_FLAGS)).peakRss);
  }
  const cliIdsPerSecond = median(cli);
  const fetchRps = median(raw);
  return {
    ids,
    inFlight: IN_FLIGHT,
    rounds,
    loopback: loopback
      ? { cliIdsPerSecond: round(cliIdsPerSecond, 1), fetchRps: round(fetchRps, 1), ratioCliToFetch: round(cliIdsPerSecond / fetchRps) }
      : { skipped: "left out of the CI check: a report, not a budget" },
    smallIds,
    peakRssSmallBytes: median(rssSmall),
    peakRssLargeBytes: median(rssLarge),
    rssRatioLargeToSmall: round(median(rssLarge) / median(rssSmall)),
  };
}
