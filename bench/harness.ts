/** Shared pieces: the server process, the load loop, and statistics. */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../", import.meta.url));

export interface BenchServer {
  url: string;
  process: ChildProcess;
  stats(): Promise<{ stop: number; start: number; other: number }>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts bench/server.ts in a child process (plain node + tsx loader) and waits for its port. */
export function startBenchServer(): Promise<BenchServer> {
  const child = fork(fileURLToPath(new URL("server.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code} before listening`)));
    child.once("message", (msg: { port: number }) => {
      const url = `http://127.0.0.1:${msg.port}`;
      resolve({
        url,
        process: child,
        stats: async () => (await fetch(`${url}/__bench/stats`)).json() as Promise<{ stop: number; start: number; other: number }>,
        reset: async () => void (await (await fetch(`${url}/__bench/reset`, { method: "POST" })).arrayBuffer()),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.removeAllListeners("exit");
            child.once("exit", () => done());
            child.disconnect();
          }),
      });
    });
  });
}

/** Contender (a) in its own process (bench/contender-a.ts): one measured run per call of `run`. */
export interface ContenderA {
  run(request: import("./contender-a.js").RunRequest): Promise<LoadResult>;
  stop(): Promise<void>;
}

export function startContenderA(): ContenderA {
  const child = fork(fileURLToPath(new URL("contender-a.ts", import.meta.url)), [], {
    execArgv: ["--expose-gc", "--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return {
    run: (request) =>
      new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`contender (a) exited with ${code}`));
        child.once("exit", onExit);
        child.once("message", (msg: { result?: LoadResult; error?: string }) => {
          child.off("exit", onExit);
          if (msg.result) resolve(msg.result);
          else reject(new Error(`contender (a): ${msg.error}`));
        });
        child.send(request);
      }),
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.disconnect();
      }),
  };
}

export interface LoadResult {
  /** Requests per second over the whole run. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

/** Calls `call(i)` `total` times with `inFlight` calls at once; each call must resolve or the run fails. */
export async function runLoad(call: (i: number) => Promise<unknown>, total: number, inFlight: number): Promise<LoadResult> {
  const latencies = new Float64Array(total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      await call(i);
      latencies[i] = performance.now() - t0;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
  const elapsed = performance.now() - started;
  latencies.sort();
  return { rps: (total / elapsed) * 1000, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99) };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] as number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run node with --expose-gc (npm run bench does)");
  gc();
  gc();
}

export const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
