/**
 * Child process of answer-memory.test.ts (node --expose-gc): one `listChats`
 * against the URL in argv[2], with `maxResponseBytes` from argv[3] when given.
 * Prints, as JSON, how it ended and the heap its answer holds after a full GC.
 */
import { createThuliumClient, ThuliumResponseError } from "../../src/index.js";

const [url, limit] = process.argv.slice(2) as [string, string | undefined];
const gc = (globalThis as { gc?: () => void }).gc as () => void;
const client = createThuliumClient({ baseUrl: url, username: "api_user", password: "pw", validateResponses: "off" });
const options = limit === undefined ? {} : { maxResponseBytes: Number(limit) };
// A first call compiles what every call runs, so that the measured one adds only its answer.
// In a function of its own, so that no register of this module keeps its answer alive into the measurement.
async function warmUp(): Promise<void> {
  await client.listChats({}, options).catch(() => undefined);
}
await warmUp();
gc();
const before = process.memoryUsage().heapUsed;
let answer: unknown;
let outcome = "resolved";
try {
  answer = await client.listChats({}, options);
} catch (err) {
  outcome = err instanceof ThuliumResponseError ? `ThuliumResponseError ${err.problem}` : String(err);
}
gc();
const heldBytes = process.memoryUsage().heapUsed - before;
process.stdout.write(`${JSON.stringify({ outcome, heldBytes, items: (answer as { result?: unknown[] } | undefined)?.result?.length })}\n`);
