/** `thulium-chat stop` with many ids: arguments, stdin, concurrency, results and summary. */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fakeThuliumPerFile as faultServerPerFile } from "../fake-thulium/per-file.js";
import { type ReceivedRequest, type Reply, thuliumError } from "../fake-thulium/server.js";
import { envFor, type RunningCli, runCli } from "./run-cli.js";

const GONE = "00000000-0000-4000-8000-000000000404";
const BROKEN = "00000000-0000-4000-8000-000000000500";
const byId = (request: ReceivedRequest): Reply => {
  if (request.path.includes(GONE)) return { status: 404, body: thuliumError("Conversation not found.", "req-404") };
  if (request.path.includes(BROKEN)) return { status: 500, body: thuliumError("Internal error.", "req-500") };
  return { status: 204 };
};

const faults = faultServerPerFile(byId);

const stopped = () => faults.server.requests.map((r) => r.path.split("/")[2]);
const jsonLines = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line));

describe("many ids", () => {
  it("reads valid, invalid and failing ids from stdin and reports each", async () => {
    const ok1 = randomUUID();
    const ok2 = randomUUID();
    const stdin = `${ok1}\n\n  not-a-uuid  \r\n${GONE}\r\n${ok2}\n../../etc\n${BROKEN}`;
    const run = await runCli(["stop", "-", "--max-retries", "0"], { env: envFor(faults.server.url), stdin });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(stopped().sort()).toEqual([ok1, ok2, GONE, BROKEN].sort());
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("stopped 2, failed 4 (2 invalid)");
    expect(lines.slice(1).sort()).toEqual(
      [
        `  ${GONE}: 404 Conversation not found. (request_id req-404)`,
        `  ${BROKEN}: 500 Internal error. (request_id req-500)`,
        `  not-a-uuid: invalid: parameter "id" must be a UUID such as 6ed7c941-2c8a-411e-95d2-338a9f64800a, got string "not-a-uuid"`,
        `  ../../etc: invalid: parameter "id" must be a UUID such as 6ed7c941-2c8a-411e-95d2-338a9f64800a, got string "../../etc"`,
      ].sort(),
    );
  });

  it("prints one JSON line per id with --json, and the summary on stderr", async () => {
    const ok = randomUUID();
    const run = await runCli(["stop", ok, "bad", GONE, "--json", "--max-retries", "0"], { env: envFor(faults.server.url) });
    expect(run.code).toBe(1);
    const records = jsonLines(run.stdout);
    // Invalid arguments are reported before any request is sent.
    expect(records[0]).toEqual({
      id: "bad",
      ok: false,
      error: { type: "input", field: "id", message: 'parameter "id" must be a UUID such as 6ed7c941-2c8a-411e-95d2-338a9f64800a, got string "bad"' },
    });
    expect(records.slice(1).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      {
        id: GONE,
        ok: false,
        error: {
          type: "api",
          status: 404,
          request_id: "req-404",
          errors: [{ message: "Conversation not found.", code: 111111 }],
          message: "404 Conversation not found. (request_id req-404)",
        },
      },
      { id: ok, ok: true },
    ]);
    expect(run.stderr).toBe("stopped 1, failed 2 (1 invalid)\n");
  });

  it("exits 2 and sends nothing when every id is invalid", async () => {
    const run = await runCli(["stop", "1", "2", "--json"], { env: envFor(faults.server.url) });
    expect(run.code).toBe(2);
    expect(jsonLines(run.stdout).map((r) => [r.id, r.ok, r.error.type])).toEqual([
      ["1", false, "input"],
      ["2", false, "input"],
    ]);
    expect(faults.server.requests).toHaveLength(0);
  });

  it("exits 3 when every id fails to connect, 1 when failures are mixed with successes", async () => {
    faults.reply = () => ({ drop: true });
    const down = await runCli(["stop", randomUUID(), randomUUID(), "--max-retries", "0"], { env: envFor(faults.server.url) });
    expect(down.code).toBe(3);
    expect(down.stdout).toBe("");
    expect(down.stderr).toMatch(/^stopped 0, failed 2\n/);

    faults.reply = byId;
    const mixed = await runCli(["stop", randomUUID(), BROKEN, "--max-retries", "0"], { env: envFor(faults.server.url) });
    expect(mixed.code).toBe(1);
  });

  it("runs --concurrency calls at once, never more", async () => {
    faults.reply = () => ({ status: 204, delayMs: 40 });
    const ids = Array.from({ length: 12 }, () => randomUUID());
    const run = await runCli(["stop", "-", "--concurrency", "3"], { env: envFor(faults.server.url), stdin: ids.join("\n") });
    expect(run).toMatchObject({ code: 0, stdout: "stopped 12, failed 0\n", stderr: "" });
    expect(faults.server.maxInFlight()).toBe(3);
  });

  it("streams 10 000 ids from stdin, with no progress bar when stderr is not a terminal", async () => {
    const ids = Array.from({ length: 10_000 }, () => randomUUID());
    function* chunks() {
      for (let i = 0; i < ids.length; i += 500) yield `${ids.slice(i, i + 500).join("\n")}\n`;
    }
    const run = await runCli(["stop", "-"], { env: envFor(faults.server.url), stdin: chunks() });
    expect(run).toMatchObject({ code: 0, stdout: "stopped 10000, failed 0\n", stderr: "" });
    expect(new Set(stopped()).size).toBe(10_000);
  });

  it("--verbose numbers each id's attempts as the run makes them (a throttled one, then retries), not 1 for every call", async () => {
    const flaky = randomUUID();
    let calls = 0;
    faults.reply = (request) => {
      if (!request.path.includes(flaky)) return { status: 204 };
      calls++;
      if (calls === 1) return { status: 429, headers: { "retry-after": "1" }, body: thuliumError("Too many requests.", "req-429") };
      if (calls === 2) return { status: 500, body: thuliumError("Internal error.", "req-500") };
      return { status: 204 };
    };
    const run = await runCli(["stop", flaky, "--verbose"], { env: envFor(faults.server.url) });
    expect(run.code).toBe(0);
    const attempts = run.stderr.split("\n").filter((line) => line.includes(" attempt "));
    expect(attempts.map((line) => /attempt (\d+): (\d+)/.exec(line)?.slice(1).join(" "))).toEqual(["1 429", "2 500", "3 204"]);
    expect(faults.server.requests).toHaveLength(3);
  });

  it("on Ctrl-C sends no new id; a second Ctrl-C cancels the calls in flight, listed as unknown; exits 130", async () => {
    faults.reply = () => ({ hang: true });
    let child: RunningCli | undefined;
    const ids = Array.from({ length: 20 }, () => randomUUID());
    const running = runCli(["stop", ...ids, "--concurrency", "2"], { env: envFor(faults.server.url), onStart: (c) => (child = c) });
    while (faults.server.requests.length < 2) await new Promise((r) => setTimeout(r, 20));
    child?.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 300));
    child?.kill("SIGINT");
    const run = await running;
    expect(run.code).toBe(130);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "stopped 0, failed 0, in flight with an unknown outcome 2, not sent 18",
      "interrupted by SIGINT: no new ids were sent; a second signal cancelled the calls in flight",
      "nothing records which ids were done: run with --journal FILE to be able to resume",
    ]);
    expect(lines.slice(3).sort()).toEqual(
      stopped()
        .map((id) => `  ${id}: outcome unknown, in flight when the run stopped`)
        .sort(),
    );
    expect(faults.server.requests).toHaveLength(2);
  });
});
