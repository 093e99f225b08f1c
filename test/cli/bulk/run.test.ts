/** The bulk runner in-process, with its limits shortened: giving up on a throttling server, the breaker on timeouts, flat memory. */
import { randomUUID } from "node:crypto";
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { aliases } from "../../../src/cli/aliases.js";
import { attemptNumber, type BulkLimits, runBulk } from "../../../src/cli/bulk/index.js";
import { buildCommands } from "../../../src/cli/commands.js";
import type { Interrupt } from "../../../src/cli/interrupt.js";
import { Progress } from "../../../src/cli/progress.js";
import { createThuliumClient } from "../../../src/client/create-client.js";
import { operations } from "../../../src/generated/operations.js";
import { type FakeThulium as FaultServer, type Reply, startFakeThulium as startFaultServer, thuliumError } from "../../fake-thulium/server.js";

const stop = buildCommands(operations, aliases).commands.get("stop")!;
let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function collector() {
  let text = "";
  const write = (chunk: string) => {
    text += chunk;
    return true;
  };
  return { write, once: () => undefined, on: () => undefined, off: () => undefined, text: () => text };
}

async function run(o: {
  ids: Iterable<string>;
  /** Read instead of `ids`. */
  stdin?: Readable;
  call: (params: Record<string, unknown>, options: { signal: AbortSignal; maxRetries: number }) => Promise<unknown>;
  limits?: Partial<BulkLimits>;
  concurrency?: number;
  json?: boolean;
}) {
  const stdout = collector();
  const stderr = collector();
  const never: Interrupt = { stop: new AbortController().signal, now: new AbortController().signal };
  const code = await runBulk({
    command: stop,
    values: ["-"],
    params: {},
    call: o.call,
    maxRetries: 2,
    concurrency: o.concurrency ?? 4,
    json: o.json ?? false,
    journal: undefined,
    target: { baseUrl: "http://127.0.0.1", user: "api_user" },
    stdin:
      o.stdin ??
      Readable.from(
        (function* () {
          for (const id of o.ids) yield `${id}\n`;
        })(),
      ),
    stdout,
    stderr,
    progress: new Progress(stderr, "stop"),
    interrupt: never,
    limits: o.limits,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function clientOf(url: string, timeoutMs?: number) {
  const client = createThuliumClient({ baseUrl: url, username: "api_user", password: "api_pass", timeoutMs });
  return (params: Record<string, unknown>, options: { signal: AbortSignal; maxRetries: number }) =>
    client.stopChatConversation(params as { id: string }, options);
}

describe("the bulk runner", () => {
  it("fails an id for throttling only once the run gives up: after giveUpMs of nothing but 429s; the rest is not attempted", async () => {
    const always = (): Reply => ({ status: 429, headers: { "retry-after": "1" }, body: thuliumError("Too many requests.", "req-429") });
    server = await startFaultServer(always);
    const t0 = performance.now();
    const result = await run({ ids: Array.from({ length: 50 }, () => randomUUID()), call: clientOf(server.url), limits: { giveUpMs: 2_000 }, json: true });
    expect(result.code).toBe(3);
    const records = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    // Only the ids the server throttled failed, each with its 429, and not before the run gave up.
    expect(records.every((r) => r.ok === false && r.error.status === 429)).toBe(true);
    expect(new Set(records.map((r) => r.id))).toEqual(new Set(server.requests.map((r) => r.path.split("/")[2])));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(2_000);
    expect(result.stderr).toMatch(
      new RegExp(
        `^stopped 0, failed ${records.length}, in flight with an unknown outcome 0, not sent ${50 - records.length}\\nstopped: the server throttled every request for 2 s, the last: 429 Too many requests\\. \\(request_id req-429\\); ${50 - records.length} ids were not attempted\\n`,
      ),
    );
    // Paused as a whole: the requests came in bursts about a second apart, not spread out by worker.
    const arrivals = server.requests.map((r) => r.at);
    const bursts = arrivals.filter((at, i) => i === 0 || at - (arrivals[i - 1] as number) > 500);
    expect(bursts.length).toBeLessThanOrEqual(4);
  });

  it("stops on 10 timeouts in a row across calls, with exit 3", async () => {
    server = await startFaultServer(() => ({ hang: true }));
    const t0 = performance.now();
    const result = await run({ ids: Array.from({ length: 100 }, () => randomUUID()), call: clientOf(server.url, 200), limits: { graceMs: 300 } });
    expect(result.code).toBe(3);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(result.stderr).toMatch(
      /^stopped 0, failed \d+, in flight with an unknown outcome \d+, not sent \d+\nstopped: 10 connection failures or timeouts in a row, the last: stopChatConversation timed out after 200 ms/,
    );
    // The breaker counts attempts: a few ids, each tried up to three times, not 100.
    expect(server.requests.length).toBeGreaterThanOrEqual(10);
    expect(server.requests.length).toBeLessThan(20);
  });

  it("numbers a value's attempts for --verbose by the run's retries, though each call is made with maxRetries 0", async () => {
    server = await startFaultServer(() => ({ status: 503, body: thuliumError("Busy.", "req-503") }));
    const shown: string[] = [];
    const log = (e: { path: string; attempt: number }) => shown.push(`${e.path} attempt ${attemptNumber(e.attempt)}`);
    const client = createThuliumClient({
      baseUrl: server.url,
      username: "api_user",
      password: "api_pass",
      logger: { debug: log, info: log, warn: log, error: log },
    });
    const id = randomUUID();
    const result = await run({ ids: [id], call: (params, options) => client.stopChatConversation(params as { id: string }, options) });
    expect(result.code).toBe(1);
    // maxRetries 2: three attempts, numbered by the run; the client alone would say "attempt 1" each time.
    expect(shown.map((line) => line.replace(/^\S+ /, ""))).toEqual(["attempt 1", "attempt 2", "attempt 3"]);
    expect(server.requests).toHaveLength(3);
    expect(attemptNumber(7)).toBe(7);
  });

  it("keeps memory flat in the number of ids: 200 000 ids from stdin grow the heap by under 2 MB after the first 20 000", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    let done = 0;
    let heapAt20k = 0;
    const call = async () => {
      if (++done === 20_000) {
        gc();
        heapAt20k = process.memoryUsage().heapUsed;
      }
      return undefined;
    };
    function* ids() {
      for (let i = 0; i < 200_000; i++) yield `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    }
    const result = await run({ ids: ids(), call, concurrency: 16 });
    gc();
    const growth = process.memoryUsage().heapUsed - heapAt20k;
    expect(result).toEqual({ code: 0, stdout: "stopped 200000, failed 0\n", stderr: "" });
    expect(growth).toBeLessThan(2 * 1024 * 1024);
  }, 60_000);

  it("holds only the set of ids seen while it runs, to send each once: 200 000 ids from a file grow the heap by under 20 MB after the first 20 000", async () => {
    // A file, as `stop - < ids.txt` reads: Readable.from's own iteration holds memory of its own in Node 20.
    const dir = mkdtempSync(join(tmpdir(), "thulium-bulk-seen-"));
    const file = join(dir, "ids.txt");
    writeFileSync(file, Array.from({ length: 200_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}\n`).join(""));
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    let done = 0;
    let heapAt20k = 0;
    let heapAtEnd = 0;
    const call = async () => {
      if (++done === 20_000) {
        gc();
        heapAt20k = process.memoryUsage().heapUsed;
      } else if (done === 200_000) {
        gc();
        heapAtEnd = process.memoryUsage().heapUsed;
      }
      return undefined;
    };
    try {
      const result = await run({ ids: [], stdin: createReadStream(file), call, concurrency: 16 });
      expect(result).toEqual({ code: 0, stdout: "stopped 200000, failed 0\n", stderr: "" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // About 80 bytes an id (a 36-byte string and its entry in a Set); an object kept per id would cost more.
    expect(heapAtEnd - heapAt20k).toBeLessThan(20 * 1024 * 1024);
  }, 60_000);
});
