/**
 * Bulk stop through the CLI against servers that push back, the built
 * `thulium-chat stop - --concurrency 16` with ids on stdin:
 *   latency:    every answer after 25 ms; 2 000 ids. The floor is 16 / 0.025 s = 640 ids/s;
 *               bare fetch at 16 in flight in a process of its own, interleaved, shows what the machine allows.
 *   throttling: a token bucket of 150 requests/s with a burst of 10, answering 429 with
 *               `Retry-After: 1` beyond it; 1 500 ids, which the bucket lets through in 10 s.
 * Each server runs in this process, idle otherwise; the CLI runs in its own.
 *
 *   node --import tsx bench/cli-bulk-pressure.ts    these two workloads alone (builds dist/ first)
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { BudgetOutcome } from "./budgets.js";
import { type PackageUnderTest, preparePackage } from "./package-under-test.js";
import { median, round } from "./stats.js";

const IN_FLIGHT = 16;
export const LATENCY = { ids: 2_000, latencyMs: 25, floorIdsPerSecond: IN_FLIGHT / 0.025 };
export const THROTTLING = { ids: 1_500, ratePerSecond: 150, burst: 10, retryAfterS: 1 };

export type CliPressureResult =
  | { skipped: string }
  | {
      inFlight: number;
      latency: {
        ids: number;
        latencyMs: number;
        rounds: number;
        floorIdsPerSecond: number;
        /** From the first request the server received to the last answer it sent: the run's own pace. */
        idsPerSecond: number;
        /** The same, each round: the CLI bulk budget is decided on them (bench/budgets.ts). */
        idsPerSecondPerRun: number[];
        ratioToFloor: number;
        /** From spawn to exit, start-up included. */
        wallIdsPerSecond: number;
        /** Bare `fetch` from this process, 16 in flight, against the same server: what the machine allows. */
        fetchRps: number;
        ratioToFetch: number;
      };
      throttling: {
        ids: number;
        ratePerSecond: number;
        burst: number;
        rounds: number;
        /** From spawn to exit: the median round, and the slowest. */
        seconds: number;
        slowestSeconds: number;
        idealSeconds: number;
        failures: number;
        requests: number;
        throttled: number;
        throttledShare: number;
      };
    };

interface Counts {
  /** Distinct ids answered 2xx. */
  done: Set<string>;
  requests: number;
  throttled: number;
  firstAt: number;
  lastAt: number;
}

/** A server on 127.0.0.1 that answers every stop after `latencyMs`, or as a token bucket would. */
async function startServer(answer: "latency" | "throttling"): Promise<{ url: string; counts: Counts; reset(): void; close(): Promise<void> }> {
  let counts: Counts;
  let tokens = THROTTLING.burst;
  let refilledAt = performance.now();
  const reset = () => {
    counts = { done: new Set(), requests: 0, throttled: 0, firstAt: Number.NaN, lastAt: Number.NaN };
    tokens = THROTTLING.burst;
    refilledAt = performance.now();
  };
  reset();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const now = performance.now();
      counts.requests++;
      if (Number.isNaN(counts.firstAt)) counts.firstAt = now;
      const id = /^\/chat_conversations\/([0-9a-f-]{36})\/stop$/.exec(req.url ?? "")?.[1];
      const ok = () => {
        if (id) counts.done.add(id);
        res.writeHead(id ? 200 : 404, { "content-length": "0" });
        res.end();
        counts.lastAt = performance.now();
      };
      if (answer === "latency") {
        setTimeout(ok, LATENCY.latencyMs);
        return;
      }
      tokens = Math.min(THROTTLING.burst, tokens + ((now - refilledAt) / 1000) * THROTTLING.ratePerSecond);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        ok();
        return;
      }
      counts.throttled++;
      const body = JSON.stringify({ request_id: "bench", errors: [{ message: "Too many requests", code: 429 }] });
      res.writeHead(429, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "retry-after": String(THROTTLING.retryAfterS) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get counts() {
      return counts;
    },
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function runCli(cliMain: string, url: string, ids: number): Promise<{ ms: number; code: number | null; stderr: string }> {
  const input = `${Array.from({ length: ids }, () => randomUUID()).join("\n")}\n`;
  const t0 = performance.now();
  const child = spawn(process.execPath, [cliMain, "stop", "-", "--concurrency", String(IN_FLIGHT)], {
    env: { ...process.env, THULIUM_BASE_URL: url, THULIUM_USER: "bench", THULIUM_PASSWORD: "bench" },
    stdio: ["pipe", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { ms: performance.now() - t0, code, stderr };
}

/** Bare `fetch`, `IN_FLIGHT` at a time, in a process of its own as the CLI is: requests a second. */
async function bareFetch(url: string, calls: number): Promise<number> {
  const code = `
    const url = (i) => "${url}/chat_conversations/00000000-0000-4000-8000-" + String(i).padStart(12, "0") + "/stop";
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: ${IN_FLIGHT} }, async () => {
      while (next < ${calls}) await (await fetch(url(next++), { method: "POST" })).arrayBuffer();
    }));
    console.log(${calls} / ((performance.now() - t0) / 1000));`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const exit = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (exit !== 0) throw new Error(`bare fetch exited with ${exit}`);
  return Number(out);
}

export async function measureCliPressure(pkg: PackageUnderTest, rounds: number): Promise<CliPressureResult> {
  if (!("main" in pkg.cli)) return { skipped: pkg.cli.skipped };
  const cliMain = pkg.cli.main;

  const slow = await startServer("latency");
  const runRates: number[] = [];
  const wallRates: number[] = [];
  const fetchRates: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      slow.reset();
      fetchRates.push(await bareFetch(slow.url, LATENCY.ids));
      slow.reset();
      const run = await runCli(cliMain, slow.url, LATENCY.ids);
      const { done, firstAt, lastAt } = slow.counts;
      if (run.code !== 0 || done.size !== LATENCY.ids)
        throw new Error(`latency workload: exit ${run.code}, ${done.size} ids stopped: ${run.stderr.slice(0, 500)}`);
      runRates.push((LATENCY.ids / (lastAt - firstAt)) * 1000);
      wallRates.push((LATENCY.ids / run.ms) * 1000);
    }
  } finally {
    await slow.close();
  }

  const bucket = await startServer("throttling");
  const throttleRuns: { seconds: number; failures: number; requests: number; throttled: number }[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      bucket.reset();
      const run = await runCli(cliMain, bucket.url, THROTTLING.ids);
      const { done, requests, throttled } = bucket.counts;
      if (run.code !== 0 && run.code !== 1) throw new Error(`throttling workload: exit ${run.code}: ${run.stderr.slice(0, 500)}`);
      throttleRuns.push({ seconds: run.ms / 1000, failures: THROTTLING.ids - done.size, requests, throttled });
    }
  } finally {
    await bucket.close();
  }
  const worst = throttleRuns.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  const seconds = median(throttleRuns.map((t) => t.seconds));
  const idsPerSecond = median(runRates);
  return {
    inFlight: IN_FLIGHT,
    latency: {
      ids: LATENCY.ids,
      latencyMs: LATENCY.latencyMs,
      rounds,
      floorIdsPerSecond: LATENCY.floorIdsPerSecond,
      idsPerSecond: round(idsPerSecond, 1),
      ratioToFloor: round(idsPerSecond / LATENCY.floorIdsPerSecond),
      idsPerSecondPerRun: runRates.map((r) => round(r, 1)),
      wallIdsPerSecond: round(median(wallRates), 1),
      fetchRps: round(median(fetchRates), 1),
      ratioToFetch: round(idsPerSecond / median(fetchRates)),
    },
    throttling: {
      ids: THROTTLING.ids,
      ratePerSecond: THROTTLING.ratePerSecond,
      burst: THROTTLING.burst,
      rounds,
      seconds: round(seconds, 2),
      slowestSeconds: round(worst.seconds, 2),
      idealSeconds: THROTTLING.ids / THROTTLING.ratePerSecond,
      failures: Math.max(...throttleRuns.map((t) => t.failures)),
      requests: worst.requests,
      throttled: worst.throttled,
      throttledShare: round(Math.max(...throttleRuns.map((t) => t.throttled / t.requests))),
    },
  };
}

/** The budgets; the short CI run loosens the timing ones by 0.05, as budgets.ts does. */
export function cliPressureBudgets(p: CliPressureResult, ci: boolean): BudgetOutcome[] {
  const slack = ci ? 0.05 : 0;
  const latency = `CLI bulk stop, answers after ${LATENCY.latencyMs} ms: ids/s / floor of ${LATENCY.floorIdsPerSecond} (${LATENCY.ids} ids at ${IN_FLIGHT} in flight)`;
  const time = `CLI bulk stop, token bucket ${THROTTLING.ratePerSecond}/s burst ${THROTTLING.burst}: time / ${THROTTLING.ids / THROTTLING.ratePerSecond} s (${THROTTLING.ids} ids, median)`;
  const failures = "CLI bulk stop, token bucket: ids failed";
  const share = "CLI bulk stop, token bucket: share of requests answered 429";
  const minLatency = round(0.9 - slack);
  const maxTime = round(1.2 + slack);
  if ("skipped" in p) {
    return (
      [
        [latency, `>= ${minLatency}`],
        [time, `<= ${maxTime}`],
        [failures, "<= 0"],
        [share, "< 0.1"],
      ] as const
    ).map(([name, limit]) => ({
      name,
      limit,
      value: null,
      status: "skipped",
      note: p.skipped,
    }));
  }
  const outcome = (name: string, value: number, limit: string, pass: boolean): BudgetOutcome => ({ name, limit, value, status: pass ? "pass" : "fail" });
  const timeRatio = round(p.throttling.seconds / p.throttling.idealSeconds);
  return [
    outcome(latency, p.latency.ratioToFloor, `>= ${minLatency}`, p.latency.ratioToFloor >= minLatency),
    outcome(time, timeRatio, `<= ${maxTime}`, timeRatio <= maxTime),
    outcome(failures, p.throttling.failures, "<= 0", p.throttling.failures === 0),
    outcome(share, p.throttling.throttledShare, "< 0.1", p.throttling.throttledShare < 0.1),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pkg = await preparePackage();
  try {
    const result = await measureCliPressure(pkg, Number(process.env.ROUNDS ?? 3));
    console.log(JSON.stringify({ result, budgets: cliPressureBudgets(result, false) }, null, 2));
  } finally {
    await pkg.dispose();
  }
}
