/**
 * Child process (node --expose-gc): heap used after global.gc(), after a warm-up
 * and again after N more calls of the client with default options, 64 in flight.
 * Catches leaked timers, AbortSignal listeners and retry state.
 * Usage: memory.ts <baseUrl> <calls> <package entry, dist/index.js> ; prints one JSON line.
 */
import { IDS, PASSWORD, USERNAME } from "./contenders.js";
import { collectGarbage, runLoad } from "./harness.js";
import { importClient } from "./package-under-test.js";

const [baseUrl, callsArg, entry] = process.argv.slice(2);
if (!baseUrl || !entry) throw new Error("usage: memory.ts <baseUrl> <calls> <package entry>");
const calls = Number(callsArg ?? 100_000);
const thulium = (await importClient(entry)).createThuliumClient({ baseUrl, username: USERNAME, password: PASSWORD });
const call = (i: number) => thulium.stopChatConversation({ id: IDS[i & 1023] as string });

const settledHeap = async () => {
  // Let pending timers and finalizers run between collections.
  for (let i = 0; i < 4; i++) {
    collectGarbage();
    await new Promise((r) => setTimeout(r, 20));
  }
  return process.memoryUsage().heapUsed;
};

await runLoad(call, 5_000, 64);
const afterWarmup = await settledHeap();
await runLoad(call, calls, 64);
const afterRun = await settledHeap();
console.log(JSON.stringify({ calls, heapAfterWarmupBytes: afterWarmup, heapAfterRunBytes: afterRun, growthBytes: afterRun - afterWarmup }));
