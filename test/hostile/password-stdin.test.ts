/**
 * A file piped to `--password-stdin` by mistake: the CLI reads at most a few
 * KiB of it, stops reading, sends nothing and says so, never echoing it.
 * Proved by the bytes the pipe took, the child's peak RSS and the requests the
 * server saw.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CLI } from "../cli/run-cli.js";
import { json } from "../fake-thulium/answers.js";
import { type FakeThulium, startFakeThulium } from "../fake-thulium/server.js";

const MiB = 1024 * 1024;
const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
/** Node with tsx runs the CLI in about 100 MB; reading 16 MiB into a password took 722 MB. */
const RSS_BUDGET = 200 * MiB;

let server: FakeThulium;
const dir = mkdtempSync(join(tmpdir(), "thulium-password-"));
beforeAll(async () => {
  server = await startFakeThulium();
  server.answer(json(200, {}));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI with `args`, piping `total` bytes of `x`, then `end`, to its stdin for as long as it reads. */
function pipeInto(args: string[], total: number, end = ""): Promise<{ code: number | null; stderr: string; accepted: number; peakRss: number }> {
  const log = join(dir, `${args.join("_").replace(/\W/g, "")}-${total}.rss`);
  const child = spawn(process.execPath, ["--import", "tsx", "--import", new URL("./peak-rss.mjs", import.meta.url).href, CLI, ...args], {
    env: { PATH: process.env.PATH ?? "", THULIUM_BASE_URL: server.url, THULIUM_USER: "api_user", PEAK_RSS_LOG: log },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.stdout.resume();
  const chunk = Buffer.alloc(64 * 1024, "x");
  let left = total;
  let closed = false;
  child.stdin.on("error", () => (closed = true)); // EPIPE once the CLI has stopped reading
  const pump = () => {
    while (left > 0 && !closed) {
      const piece = chunk.subarray(0, Math.min(left, chunk.length));
      left -= piece.length;
      if (!child.stdin.write(piece)) return void child.stdin.once("drain", pump);
    }
    if (!closed) child.stdin.end(end);
  };
  pump();
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      closed = true;
      resolve({
        code,
        stderr,
        accepted: (child.stdin as typeof child.stdin & { bytesWritten: number }).bytesWritten,
        peakRss: Number(readFileSync(log, "utf8")),
      });
    });
  });
}

it.each([
  ["--password-stdin", ["stop", ID, "--password-stdin"]],
  [
    "--auth-password-stdin",
    ["webhooks", "subscribe", "--url", "https://example.com/hook", "--action", "CHAT_CONVERSATION_CREATED", "--auth-user", "u", "--auth-password-stdin"],
  ],
])("16 MiB piped to %s: stops reading past 4 KiB, sends nothing, exits 2 with one clear line", async (flag, args) => {
  const run = await pipeInto(args, 16 * MiB);
  expect(run.stderr).toBe(`thulium-chat: ${flag}: stdin holds more than 4096 bytes, which is no password; pipe the password alone, one line\n`);
  expect(run.code).toBe(2);
  expect(server.requests).toHaveLength(0);
  // What the pipe took: the 4 KiB read, the stream's buffer and the kernel's, not the 16 MiB.
  expect(run.accepted).toBeLessThan(MiB);
  expect(run.peakRss).toBeLessThan(RSS_BUDGET);
});

it("a password of 4096 bytes and its line's end is still read whole, one of 4097 is refused", async () => {
  const run = await pipeInto(["stop", ID, "--password-stdin", "--max-retries", "0"], 4096, "\r\n");
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(server.requests).toHaveLength(1);
  expect(server.requests[0]?.path).toBe(`/chat_conversations/${ID}/stop`);
  server.answer(json(200, {}));
  const over = await pipeInto(["stop", ID, "--password-stdin"], 4097, "\n");
  expect(over.code).toBe(2);
  expect(over.stderr).toMatch(/stdin holds more than 4096 bytes/);
  expect(server.requests).toHaveLength(0);
});
