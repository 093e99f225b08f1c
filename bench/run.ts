/**
 * `npm run bench`: the client's cost over the bare transport (throughput, p99 latency and CPU per
 * call, in paired rounds), memory, bundle size, start-up, CLI bulk stop, and growth with the spec.
 *
 *   npm run bench                          full run: puts this Node line's run into bench/results.json
 *                                          and regenerates bench/README.md from it
 *   npm run bench -- --check               also exit 1 naming each budget failed
 *   npm run bench -- --ci                  the short run, about 4 minutes in all; writes no results
 *   npm run bench -- --out FILE            write the run into FILE (bench/README.md is regenerated
 *                                          when FILE is bench/results.json)
 *   npm run bench -- --inject-slowdown F   plant a regression: F x the client's CPU per call, burnt
 *                                          in its path (bench/slowdown.ts); to see the check fail
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { type BudgetOutcome, type CliBulkLatencyResult, checkBudgets, nodeLine, stillUndecided, withKnownCliMiss } from "./budgets.js";
import { measureBundles } from "./bundle.js";
import { measureCliBulk } from "./cli-bulk.js";
import { cliPressureBudgets, measureCliPressure } from "./cli-bulk-pressure.js";
import { CONTENDER_NAMES, missingTarget, type Workload } from "./contenders.js";
import { measureGrowth } from "./growth.js";
import { ROOT, startBenchServer } from "./harness.js";
import { preparePackage } from "./package-under-test.js";
import { PLANS } from "./plan.js";
import { BENCH_README, RESULTS, type Results, type Run, renderReadme, renderRun, runKey } from "./report.js";
import { sampleUntilDecided } from "./sequential.js";
import { measureStartup } from "./startup.js";
import { runRoundSet, WorkloadRounds, workloadName } from "./throughput.js";

const args = process.argv.slice(2);
const valueOfFlag = (flag: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? (args[i + 1] ?? "") : undefined;
};
const check = args.includes("--check");
const ci = args.includes("--ci");
const outArg = valueOfFlag("--out");
const slowdownArg = valueOfFlag("--inject-slowdown");
const slowdown = slowdownArg === undefined ? undefined : Number(slowdownArg);
const known = ["--check", "--ci", "--out", "--inject-slowdown"];
const unknown = args.filter((a, i) => !known.includes(a) && !["--out", "--inject-slowdown"].includes(args[i - 1] as string));
if (unknown.length > 0 || outArg === "" || (slowdown !== undefined && !(slowdown > 0 && slowdown <= 5))) {
  console.error(
    `bench: ${unknown.length > 0 ? `unknown argument(s) ${unknown.join(" ")}` : "a flag lacks its value"}; ` +
      "use --check, --ci, --out FILE, --inject-slowdown FRACTION (e.g. 0.2)",
  );
  process.exit(2);
}
// A run with a planted regression is never written over the real results.
const out = outArg ?? (ci || slowdown !== undefined ? undefined : RESULTS);

const PLAN = ci ? PLANS.ci : PLANS.full;
const IN_FLIGHT = 64;

const t0 = Date.now();
const log = (line: string) => console.error(`[${String(Math.round((Date.now() - t0) / 1000)).padStart(3)} s] ${line}`);

function commit(): string {
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    // What is measured: src/, bench/ and the dependencies; not the results a run writes.
    const paths = ["src", "bench", "package.json", "package-lock.json", ":(exclude)bench/results.json", ":(exclude)bench/README.md"];
    const dirty = execFileSync("git", ["status", "--porcelain", "--", ...paths], { cwd: ROOT, encoding: "utf8" }).trim();
    return dirty ? `${sha} with uncommitted changes` : sha;
  } catch {
    return "unknown";
  }
}

async function main() {
  const started = Date.now();
  const line = nodeLine(process.version);
  log(`bench (${ci ? "CI check" : "full run"}): node ${process.version}, judged as Node ${line}; ${cpus().length} cores`);
  if (slowdown !== undefined) log(`injected slowdown: the client burns ${slowdown} x its own CPU per call more (bench/slowdown.ts)`);

  log("bundle …");
  const bundles = await measureBundles();
  log("start-up …");
  const pkg = await preparePackage();
  let startup: ReturnType<typeof measureStartup>;
  try {
    startup = measureStartup(pkg, PLAN.startupRuns);
  } catch (err) {
    await pkg.dispose();
    throw err;
  }
  log("growth with the spec …");
  const growth = await measureGrowth(PLAN.growth, 20, log);

  const server = await startBenchServer();
  const workloads: WorkloadRounds[] = [];
  const skippedWorkloads: { name: string; reason: string }[] = [];
  let results: Run;
  try {
    log("memory …");
    const memory = JSON.parse(
      execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", join(ROOT, "bench/memory.ts"), server.url, String(PLAN.memoryCalls), pkg.entry], {
        cwd: ROOT,
        encoding: "utf8",
      }),
    );
    log("CLI bulk stop …");
    const cliBulk = await measureCliBulk(pkg, server, PLAN.cliIds, PLAN.cliRounds, !ci);
    log("CLI bulk stop against a 25 ms server and a throttling one …");
    const cliPressure = await measureCliPressure(pkg, ci ? 2 : 3);
    const cliBulkLatency: CliBulkLatencyResult = "skipped" in cliPressure ? cliPressure : { idsPerSecondPerRun: cliPressure.latency.idsPerSecondPerRun };

    log("throughput, p99 latency and CPU per call, in paired rounds, each round set in a fresh process …");
    const deadline = Math.max(started + PLAN.capSeconds * 1000, Date.now() + PLAN.minRoundsSeconds * 1000);
    for (const workload of ["stop", "start"] as Workload[]) {
      for (const [calls, inFlight] of [
        [PLAN.sequential, 1],
        [PLAN.concurrent, IN_FLIGHT],
      ] as const) {
        const reason = missingTarget(workload);
        if (reason) {
          skippedWorkloads.push({ name: workloadName(workload, inFlight), reason });
          log(`  ${workloadName(workload, inFlight)}: skipped: ${reason}`);
          continue;
        }
        const plan = { workload, calls, inFlight, warmupCalls: PLAN.warmup, rewarmCalls: PLAN.rewarm, contenders: PLAN.contenders };
        workloads.push(new WorkloadRounds(plan, slowdown));
      }
    }
    const request = { baseUrl: server.url, entry: pkg.entry, ...(slowdown !== undefined ? { slowdownFraction: slowdown } : {}) };
    const sampling = await sampleUntilDecided(
      workloads.map((w) => Object.assign(w, { undecided: () => stillUndecided(w, line) })),
      (due) => runRoundSet(due, request, log),
      { minRounds: PLAN.minRounds, maxRounds: PLAN.maxRounds, deadline },
      log,
    );
    log(`  rounds ended (${sampling.stopped}) after ${Math.round(sampling.seconds)} s`);

    const budgets = [
      ...checkBudgets({ line, workloads, skippedWorkloads, memory, bundle: bundles.app, startup, cliBulk, cliBulkLatency, growth }, ci),
      // The throttling budgets of the bulk issue; its latency budget is decided above, on the same runs.
      ...cliPressureBudgets(cliPressure, ci).filter((b) => !b.name.includes("answers after")),
    ].map(withKnownCliMiss);
    results = {
      line,
      machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? "unknown", node: process.version, platform: `${process.platform}-${process.arch}` },
      date: new Date().toISOString(),
      commit: commit(),
      mode: ci ? "ci" : "full",
      ...(slowdown !== undefined ? { injectedSlowdown: slowdown } : {}),
      plan: { ...PLAN, inFlight: IN_FLIGHT, note: "calls per contender per round; rounds until each budget is decided (min/max rounds, cap in seconds)" },
      contenders: CONTENDER_NAMES,
      sampling,
      workloads: workloads.map((w) => w.result()),
      skippedWorkloads,
      memory,
      bundle: bundles,
      startup,
      cliBulk,
      cliBulkLatency,
      cliPressure,
      growth,
      budgets,
      durationS: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await server.stop();
    await pkg.dispose();
  }

  console.log(renderRun(results));
  if (out) {
    const all = readResults(out);
    const runs = [...all.runs.filter((r) => runKey(r) !== runKey(results)), results];
    const merged: Results = { runs: runs.sort((a, b) => runKey(a).localeCompare(runKey(b), "en", { numeric: true })) };
    writeFileSync(out, `${JSON.stringify(merged, null, 2)}\n`);
    console.log(`\nwrote this run (Node ${line}, ${results.mode}) into ${out}, in place of the last of its kind`);
    if (out === RESULTS) {
      writeFileSync(BENCH_README, renderReadme(merged));
      console.log(`regenerated ${BENCH_README} from it`);
    }
  }
  report(results.budgets, results.durationS);
}

/** The results file as it is, or none yet; a file from before the runs were kept per Node line is replaced. */
function readResults(file: string): Results {
  if (!existsSync(file)) return { runs: [] };
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<Results>;
  return Array.isArray(parsed.runs) ? (parsed as Results) : { runs: [] };
}

function report(budgets: BudgetOutcome[], seconds: number) {
  const failed = budgets.filter((b) => b.status === "fail");
  const undecided = budgets.filter((b) => b.status === "undecided");
  const known = budgets.filter((b) => b.status === "known miss");
  const interval = (b: BudgetOutcome) => (b.interval ? `, 95 % interval ${b.interval[0]} to ${b.interval[1]}` : "");
  if (known.length > 0) {
    console.log(`\nknown misses (KNOWN_MISSES in bench/budgets.ts; they fail only if they get worse):`);
    for (const b of known) console.log(`  ${b.name}: ${b.value}${interval(b)} (budget ${b.limit}); ${b.note}`);
  }
  if (undecided.length > 0) {
    console.log(`\nundecided (the interval still straddles the budget when the rounds ended; not a failure):`);
    for (const b of undecided) console.log(`  ${b.name}: ${b.value}${interval(b)} (budget ${b.limit})${b.note ? `; ${b.note}` : ""}`);
  }
  if (!check) return;
  if (failed.length > 0) {
    console.error(`\nbench --check: ${failed.length} budget(s) failed, after ${seconds} s:`);
    for (const b of failed) console.error(`  FAILED ${b.name}: ${b.value}${interval(b)} (budget ${b.limit})`);
    process.exit(1);
  }
  const passed = budgets.filter((b) => b.status === "pass").length;
  const skipped = budgets.filter((b) => b.status === "skipped").length;
  console.log(
    `\nbench --check: passed in ${seconds} s: ${passed} budget(s) met, ${undecided.length} undecided, ${known.length} known miss(es), ${skipped} skipped, none failed`,
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
