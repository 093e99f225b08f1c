/** THULIUM_LOG for the CLI: the switch `--verbose` is, read from the environment, in the same lines. */
import { describe, expect, it } from "vitest";
import { fakeThuliumPerFile } from "../fake-thulium/per-file.js";
import { thuliumError } from "../fake-thulium/server.js";
import { envFor, runCli } from "./run-cli.js";

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
const thulium = fakeThuliumPerFile(() => ({ status: 503, body: thuliumError("Busy.", "req-7") }));

const stop = (env: Record<string, string>, ...flags: string[]) =>
  runCli(["stop-chat-conversation", "--id", ID, "--max-retries", "1", ...flags], { env: envFor(thulium.server.url, env) });

describe("THULIUM_LOG", () => {
  it("debug: the lines --verbose writes, one per attempt", async () => {
    const logged = await stop({ THULIUM_LOG: "debug" });
    const verbose = await stop({}, "--verbose");
    const shape = (stderr: string) => stderr.replace(/in [\d.]+ ms/g, "in T ms").replace(/retrying in \d+ ms/g, "retrying in R ms");
    expect(logged.code).toBe(1);
    expect(shape(logged.stderr)).toBe(shape(verbose.stderr));
    expect(logged.stderr).toMatch(/^thulium-chat: POST \/chat_conversations\/\{id\}\/stop attempt 1: 503 in [\d.]+ ms request_id req-7; retrying in \d+ ms\n/);
    expect(thulium.server.requests).toHaveLength(4);
  });

  it("error: the failed attempt only; off: nothing but the error line", async () => {
    const errors = await stop({ THULIUM_LOG: "error" });
    expect(errors.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/attempt 2: 503 in/), expect.stringMatching(/^thulium-chat: 503 Busy\./)]);
    const off = await stop({ THULIUM_LOG: "off" });
    expect(off.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^thulium-chat: 503 Busy\./)]);
  });

  it("that is not a level is a usage error naming it: exit 2, nothing sent", async () => {
    const run = await stop({ THULIUM_LOG: "loud" });
    expect(run).toEqual({ code: 2, stdout: "", stderr: 'thulium-chat: THULIUM_LOG must be one of debug, info, warn, error, off, got "loud"\n' });
    expect(thulium.server.requests).toHaveLength(0);
  });
});
