/**
 * One contender alone, for a CPU profile of where its time goes:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts d stop 1 20000
 *   npx tsx bench/profile-summary.ts /tmp/prof/<file>.cpuprofile 40
 * Arguments: contender (b|c|d|e), workload (stop|start), calls in flight, calls.
 * The client (d) is src/ as it is, so that the profile names the source's functions.
 */
import { CONTENDERS, type InProcess, makeContenders, missingTarget, type Workload } from "./contenders.js";
import { runLoad, startBenchServer } from "./harness.js";

const [who = "d", workload = "stop", inFlight = "1", calls = "20000"] = process.argv.slice(2);
// (a) runs in a process of its own (bench/contender-undici.ts), so it is not profiled here.
if (who === "a" || !CONTENDERS.includes(who as InProcess) || (workload !== "stop" && workload !== "start")) {
  throw new Error("usage: profile.ts <b|c|d|e> <stop|start> [inFlight] [calls]");
}
const missing = missingTarget(workload);
if (missing) throw new Error(`cannot profile ${workload}: ${missing}`);
const server = await startBenchServer();
try {
  const call = makeContenders(server.url, workload as Workload, await import("../src/index.js"))[who as InProcess];
  await runLoad(call, 2_000, Number(inFlight));
  const result = await runLoad(call, Number(calls), Number(inFlight));
  console.log(
    `${who} ${workload} ${inFlight} in flight: ${Math.round(result.rps)} req/s, p50 ${result.p50Ms.toFixed(3)} ms, p99 ${result.p99Ms.toFixed(3)} ms`,
  );
} finally {
  await server.stop();
}
