/**
 * `npm run bench`: the client's cost over the bare transport, memory, bundle
 * size, start-up, CLI bulk stop (also against a slow and a throttling server),
 * and growth with the spec. Writes
 * bench/results.json and prints a table.
 *
 *   npm run bench                 full run
 *   npm run bench -- --check      also exit 1 naming each missed budget
 *   npm run bench -- --ci         short run (smaller N, same ratios, CI margins); writes no results.json
 *   npm run bench -- --out FILE   write the results elsewhere
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { type BudgetOutcome, checkBudgets } from "./budgets.js";
import { measureBundles } from "./bundle.js";
import { type CliBulkResult, measureCliBulk } from "./cli-bulk.js";
import { type CliPressureResult, measureCliPressure } from "./cli-bulk-pressure.js";
import { CONTENDER_NAMES, CONTENDERS, missingTarget, type Workload } from "./contenders.js";
import { type GrowthResult, measureGrowth } from "./growth.js";
import { ROOT, startBenchServer } from "./harness.js";
import { preparePackage } from "./package-under-test.js";
import { measureStartup } from "./startup.js";
import { runWorkload, type WorkloadResult } from "./throughput.js";

const args = process.argv.slice(2);
const check = args.includes("--check");
const ci = args.includes("--ci");
const outIndex = args.indexOf("--out");
const out = outIndex >= 0 ? args[outIndex + 1] : ci ? undefined : join(ROOT, "bench/results.json");
const unknown = args.filter((a, i) => !["--check", "--ci", "--out"].includes(a) && args[i - 1] !== "--out");
if (unknown.length > 0 || (outIndex >= 0 && !out)) {
  console.error(`bench: unknown argument(s) ${unknown.join(" ")}; use --check, --ci, --out FILE`);
  process.exit(2);
}

/** Sizes. Each contender makes `calls` calls in total, split evenly over the rounds. */
const PLAN = ci
  ? {
      rounds: 5,
      // Enough calls per round that p99 is not one stray pause.
      sequential: 10_000,
      concurrent: 20_000,
      warmup: 500,
      rewarm: 3_000,
      memoryCalls: 20_000,
      // As many as the full run: the CLI's start-up is a fixed cost, so fewer ids would not give the same ratio.
      cliIds: 10_000,
      cliRounds: 2,
      cliPressureRounds: 1,
      startupRuns: 11,
      growth: [50, 200, 800],
    }
  : {
      // Nine rounds: on a shared machine single rounds of the same contender vary by up to 20 %.
      rounds: 9,
      sequential: 20_000,
      concurrent: 100_000,
      warmup: 2_000,
      rewarm: 3_000,
      memoryCalls: 100_000,
      cliIds: 10_000,
      cliRounds: 3,
      cliPressureRounds: 3,
      startupRuns: 21,
      growth: [50, 200, 800],
    };
const IN_FLIGHT = 64;

const log = (line: string) => console.error(line);

async function main() {
  const started = Date.now();
  log(`bench (${ci ? "short CI run" : "full run"}): node ${process.version}, ${cpus().length} cores`);

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
  const workloads: WorkloadResult[] = [];
  const skippedWorkloads: { name: string; reason: string }[] = [];
  let memory: { calls: number; heapAfterWarmupBytes: number; heapAfterRunBytes: number; growthBytes: number };
  let cliBulk: CliBulkResult;
  let cliPressure: CliPressureResult;
  try {
    for (const workload of ["stop", "start"] as Workload[]) {
      for (const [total, inFlight] of [
        [PLAN.sequential, 1],
        [PLAN.concurrent, IN_FLIGHT],
      ] as const) {
        const name = `${workload} ${inFlight === 1 ? "sequential" : `${inFlight} in flight`}`;
        const reason = missingTarget(workload);
        if (reason) {
          skippedWorkloads.push({ name, reason });
          log(`  ${name}: skipped: ${reason}`);
          continue;
        }
        const calls = Math.ceil(total / PLAN.rounds);
        workloads.push(
          await runWorkload(server.url, { workload, calls, inFlight, rounds: PLAN.rounds, warmupCalls: PLAN.warmup, rewarmCalls: PLAN.rewarm }, log),
        );
      }
    }
    log("memory …");
    memory = JSON.parse(
      execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", join(ROOT, "bench/memory.ts"), server.url, String(PLAN.memoryCalls)], {
        cwd: ROOT,
        encoding: "utf8",
      }),
    );
    log("CLI bulk stop …");
    cliBulk = await measureCliBulk(pkg, server, PLAN.cliIds, PLAN.cliRounds);
    log("CLI bulk stop against a slow and a throttling server …");
    cliPressure = await measureCliPressure(pkg, PLAN.cliPressureRounds);
  } finally {
    await server.stop();
    await pkg.dispose();
  }

  const budgets = checkBudgets({ workloads, skippedWorkloads, memory, bundle: bundles.app, startup, cliBulk, cliPressure, growth }, ci);
  const results = {
    machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? "unknown", node: process.version, platform: `${process.platform}-${process.arch}` },
    date: new Date().toISOString(),
    mode: ci ? "ci" : "full",
    plan: { ...PLAN, inFlight: IN_FLIGHT, note: "calls per contender in total, split evenly over the rounds, after a warm-up round" },
    contenders: CONTENDER_NAMES,
    workloads,
    skippedWorkloads,
    memory,
    bundle: bundles,
    startup,
    cliBulk,
    cliPressure,
    growth,
    budgets,
    durationS: Math.round((Date.now() - started) / 1000),
  };
  if (out) writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(renderTables(results));
  if (out) console.log(`\nwrote ${out}`);
  const failed = budgets.filter((b) => b.status === "fail");
  if (check && failed.length > 0) {
    console.error(`\nbench --check: ${failed.length} budget(s) missed:`);
    for (const b of failed) console.error(`  MISSED ${b.name}: ${b.value} (budget ${b.limit})`);
    process.exit(1);
  }
  if (check) console.log(`\nbench --check: all measured budgets met${budgets.some((b) => b.status === "skipped") ? " (some skipped, see above)" : ""}`);
}

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] as number)).join(" | ")} |`;
  return [line(header), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map((r) => line(r.map(String)))].join("\n");
}

export function renderTables(r: {
  machine: { cores: number; node: string; cpu: string };
  workloads: WorkloadResult[];
  skippedWorkloads: { name: string; reason: string }[];
  budgets: BudgetOutcome[];
  memory: { growthBytes: number; calls: number };
  bundle: {
    app: { gzipBytes: number; minifiedBytes: number };
    fullClient: { gzipBytes: number; minifiedBytes: number };
    openapiFetchAlone: { gzipBytes: number };
  };
  startup: { importCostMs: number; nodeEmptyMs: number; importEntryMs: number; cliHelp: { ms: number } | { skipped: string } };
  growth: GrowthResult;
}): string {
  const parts: string[] = [`Machine: ${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}`, ""];
  const rows: (string | number)[][] = [];
  for (const w of r.workloads) {
    for (const who of CONTENDERS) {
      const c = w.contenders[who];
      rows.push([w.name, `(${who}) ${CONTENDER_NAMES[who]}`, Math.round(c.rps), c.p50Ms.toFixed(3), c.p99Ms.toFixed(3)]);
    }
    rows.push([
      w.name,
      "ratios",
      `d/b ${w.ratios.throughputDB.toFixed(3)}, d/c ${w.ratios.throughputDC.toFixed(3)}, b/a ${w.ratios.throughputBA.toFixed(3)}, e/b ${w.ratios.throughputEB.toFixed(3)}`,
      "",
      `p99 d/b ${w.ratios.p99DB.toFixed(3)}`,
    ]);
  }
  for (const s of r.skippedWorkloads) rows.push([s.name, `skipped: ${s.reason}`, "", "", ""]);
  parts.push(table(["workload", "contender", "req/s", "p50 ms", "p99 ms"], rows), "");
  parts.push(
    table(
      ["measure", "value"],
      [
        [`heap growth after ${r.memory.calls} calls`, `${(r.memory.growthBytes / 1024 / 1024).toFixed(3)} MB`],
        ["bundle, app calling one operation (core entry)", `${r.bundle.app.gzipBytes} B gzip (${r.bundle.app.minifiedBytes} B minified)`],
        ["bundle, same with the full client", `${r.bundle.fullClient.gzipBytes} B gzip (${r.bundle.fullClient.minifiedBytes} B minified)`],
        ["bundle, openapi-fetch alone", `${r.bundle.openapiFetchAlone.gzipBytes} B gzip`],
        ['start-up, import minus node -e ""', `${r.startup.importCostMs} ms (${r.startup.importEntryMs} - ${r.startup.nodeEmptyMs})`],
        ["start-up, thulium-chat --help", "ms" in r.startup.cliHelp ? `${r.startup.cliHelp.ms} ms` : `skipped: ${r.startup.cliHelp.skipped}`],
      ],
    ),
    "",
  );
  parts.push(
    table(
      ["operations in spec", "generate ms", "tsc --noEmit ms (20 calls)", "bundle, 1 call via core (gzip / minified B)"],
      r.growth.points.map((p) => [p.operations, p.generateMs, p.typecheckMs, `${p.bundle.gzipBytes} / ${p.bundle.minifiedBytes}`]),
    ),
    "",
  );
  parts.push(
    table(
      ["budget", "limit", "value", "status"],
      r.budgets.map((b) => [b.name, b.limit, b.value ?? "", b.status === "skipped" ? `skipped: ${b.note}` : b.status.toUpperCase()]),
    ),
  );
  return parts.join("\n");
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
