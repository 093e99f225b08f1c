/**
 * `npm run mock` as a user runs it: through npm, with flags after `--`, stopped
 * by a signal sent to npm alone (as a process manager or `kill` does). What
 * counts is on the machine's side: the port is free again and no Prism is left.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freePort } from "../../../scripts/dev/prism.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";

interface Mock {
  npm: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

function npmRunMock(args: string[]): Mock {
  const npm = spawn("npm", ["run", "mock", "--", ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", npm_config_update_notifier: "false" },
  });
  let stdout = "";
  let stderr = "";
  npm.stdout?.on("data", (c: Buffer) => (stdout += c.toString()));
  npm.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
  return { npm, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Lines the mock printed itself: less npm's `> package@version mock` header. */
function ownLines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("> "));
}

async function until(what: string, condition: () => boolean, mock: Mock, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (mock.npm.exitCode !== null || Date.now() > deadline) throw new Error(`${what}:\n${mock.stdout()}\n${mock.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Processes whose command line is a Prism on `port`. */
async function prismsOn(port: number): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir("/proc")).filter((name) => /^\d+$/.test(name))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    const args = cmdline.split("\0");
    if (args.some((a) => a.includes("prism-cli")) && args[args.indexOf("--port") + 1] === String(port)) found.push(`${pid} ${args.join(" ")}`);
  }
  return found;
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe("npm run mock", () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "serves on --port N with no error lines, and %s to npm stops Prism and frees the port",
    async (signal) => {
      const port = await freePort();
      const mock = npmRunMock(["--port", String(port), "--host", "127.0.0.1"]);
      await until("the mock did not start", () => mock.stdout().includes("Ctrl-C stops it."), mock);
      expect(mock.stdout()).toContain(`Thulium chat API mock (Prism) on http://127.0.0.1:${port}`);

      const response = await fetch(`http://127.0.0.1:${port}/chat_conversations/${ID}/stop`, {
        method: "POST",
        headers: { Authorization: "Basic YXBpX3VzZXI6YXBpX3Bhc3M=" },
      });
      expect(response.status).toBe(200);
      expect(await prismsOn(port)).toHaveLength(1);

      mock.npm.kill(signal);
      expect(await mock.exited).toBe(0);
      expect(mock.stderr()).toMatch(/Prism stopped\.\n$/);
      // The start-up probe left no error in Prism's log; the one request above was logged as received.
      expect(mock.stderr()).toContain("Request received");
      expect(mock.stderr()).not.toMatch(/error|NO_PATH_MATCHED/i);
      expect(await prismsOn(port)).toEqual([]);
      await close(await listen(port)); // free again
    },
    120_000,
  );

  it("says in one line that a busy port is in use", async () => {
    const port = await freePort();
    const busy = await listen(port);
    try {
      const mock = npmRunMock(["--port", String(port)]);
      expect(await mock.exited).toBe(1);
      expect(ownLines(mock.stderr())).toEqual([`port ${port} is in use; pass --port`]);
      expect(ownLines(mock.stdout())).toEqual([]);
      expect(await prismsOn(port)).toEqual([]);
    } finally {
      await close(busy);
    }
  }, 60_000);

  it.each([
    [["--prot", "4020"], /^mock: Unknown option '--prot'; usage: npm run mock -- \[--port N\] \[--host H\]$/],
    [["--port", "http"], /^mock: --port must be a whole number from 1 to 65535, got http; usage/],
    [["--port", "70000"], /^mock: --port must be a whole number from 1 to 65535, got 70000; usage/],
  ])(
    "refuses %j in one line, exit 2",
    async (args, message) => {
      const mock = npmRunMock(args);
      expect(await mock.exited).toBe(2);
      const lines = ownLines(mock.stderr());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    },
    60_000,
  );
});
