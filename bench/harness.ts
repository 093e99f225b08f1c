/** Shared pieces: the server process and the load loop. */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { percentile } from "./stats.js";

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

export interface LoadResult {
  /** Requests per second over the whole run. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * CPU time (user + system, every thread of the process: GC helpers included) over the run,
   * per call. Other processes on the machine slow a run down far more than they add to this.
   */
  cpuUsPerCall: number;
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
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort();
  return {
    rps: (total / elapsed) * 1000,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    cpuUsPerCall: (cpu.user + cpu.system) / total,
  };
}

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run node with --expose-gc (npm run bench does)");
  gc();
  gc();
}
