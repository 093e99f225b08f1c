/**
 * `run` of src/cli/run.ts in-process: each run reads the environment, stdin and signals it is given and
 * writes to its own stdout and stderr, never the test process's; two runs at once cannot see each other's.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startFakeThulium as startFaultServer } from "../fake-thulium/server.js";
import { envFor, type RunningCli, runCli } from "./run-cli.js";

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString("base64")}`;

describe("a run in-process", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });

  it("reads no setting from the test process's environment, even where its own leaves one out", async () => {
    const decoy = await startFaultServer(() => ({ status: 204 }));
    const server = await startFaultServer(() => ({ status: 204 }));
    try {
      Object.assign(process.env, { THULIUM_BASE_URL: decoy.url, THULIUM_USER: "decoy_user", THULIUM_PASSWORD: "decoy_pass" });
      const noPassword = await runCli(["stop", ID], { env: { THULIUM_BASE_URL: server.url, THULIUM_USER: "api_user" } });
      expect(noPassword).toMatchObject({ code: 2, stdout: "" });
      expect(noPassword.stderr).toMatch(/^thulium-chat: no password given/);
      const noTarget = await runCli(["stop", ID], { env: { THULIUM_USER: "api_user", THULIUM_PASSWORD: "api_pass" } });
      expect(noTarget.stderr).toMatch(/^thulium-chat: no Thulium system given/);
      const given = await runCli(["stop", ID], { env: envFor(server.url) });
      expect(given).toEqual({ code: 0, stdout: "stopped 1, failed 0\n", stderr: "" });
      expect(server.requests.map((r) => r.headers.authorization)).toEqual([basic("api_user:api_pass")]);
      expect(decoy.requests).toEqual([]);
    } finally {
      await decoy.close();
      await server.close();
    }
  });

  it("two runs at once: each its own environment, stdin, output and signals", async () => {
    const server = await startFaultServer((request) => (request.path.endsWith("/stop") ? { status: 204, delayMs: 100 } : { status: 200, body: [] }));
    try {
      const slow = runCli(["stop", ID, "--password-stdin"], { env: envFor(server.url, { THULIUM_USER: "first", THULIUM_PASSWORD: "" }), stdin: "one\n" });
      let other: RunningCli | undefined;
      const fast = runCli(["queues", "--password-stdin", "--json"], {
        env: envFor(server.url, { THULIUM_USER: "second", THULIUM_PASSWORD: "" }),
        stdin: "two\n",
        onStart: (cli) => (other = cli),
      });
      expect(await fast).toEqual({ code: 0, stdout: "[]\n", stderr: "" });
      // A signal to the finished run reaches only that one.
      other?.kill("SIGINT");
      expect(await slow).toEqual({ code: 0, stdout: "stopped 1, failed 0\n", stderr: "" });
      const auth = Object.fromEntries(server.requests.map((r) => [r.path, r.headers.authorization]));
      expect(auth).toEqual({ [`/chat_conversations/${ID}/stop`]: basic("first:one"), "/chats/queues": basic("second:two") });
    } finally {
      await server.close();
    }
  });
});

describe("an answer that breaks the spec", () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it("is warned of on the run's stderr, as one line of the CLI's, not on the process's", async () => {
    const server = await startFaultServer(() => ({ status: 201, body: { conversation_id: 42 } }));
    try {
      const run = await runCli(["start", "--queue", "3"], { env: envFor(server.url) });
      expect(run.code).toBe(0);
      expect(run.stdout).toBe("conversation_id: 42\n");
      expect(run.stderr).toMatch(/^thulium-chat: startChatConversation: the 201 answer breaks the spec: conversation_id: [^\n]+\n$/);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      await server.close();
    }
  });
});
