/** The CLI against the Prism mock served from the same spec. */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { envFor, runCli } from "./run-cli.js";

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
const env = () => envFor(inject("prismUrl"));

describe("against Prism", () => {
  it("stops a conversation by alias and by operation name", async () => {
    expect(await runCli(["stop", ID], { env: env() })).toEqual({ code: 0, stdout: "stopped 1, failed 0\n", stderr: "" });
    expect(await runCli(["stop-chat-conversation", "--id", ID], { env: env() })).toEqual({ code: 0, stdout: "End a chat conversation: done\n", stderr: "" });
  });

  it("prints one JSON document for an operation without a body", async () => {
    const run = await runCli(["stop-chat-conversation", "--id", ID, "--external-chatbot-id", "a779146f-4df3-49c1-826a-7caa6a5e653a", "--json"], { env: env() });
    expect(run).toEqual({ code: 0, stdout: "null\n", stderr: "" });
    expect(JSON.parse(run.stdout)).toBeNull();
  });

  it("stops 100 ids read from stdin, one JSON line each", async () => {
    const ids = Array.from({ length: 100 }, () => randomUUID());
    const run = await runCli(["stop", "-", "--json", "--concurrency", "8"], { env: env(), stdin: `${ids.join("\n")}\n` });
    expect(run.code).toBe(0);
    const records = run.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(records.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(records.every((r) => r.ok === true && Object.keys(r).length === 2)).toBe(true);
    expect(run.stderr).toBe("stopped 100, failed 0\n");
  });
});

describe("help and version", () => {
  it("lists each command with the spec's summary", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^\s+stop <id>\.\.\. \[options\]\s+End a chat conversation$/m);
    expect(run.stdout).toMatch(/^\s+stop-chat-conversation\s+End a chat conversation$/m);
    expect(run.stdout).toMatch(/THULIUM_PASSWORD/);
    expect(run.stdout).toMatch(/Exit codes: 0 success; 1 .*; 2 .*; 3 timeout or connection failure/);
  });

  it("describes a command's arguments and flags from the spec", async () => {
    const run = await runCli(["stop", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: thulium-chat stop <id>\.\.\. \[options\]/);
    expect(run.stdout).toContain("Operation stopChatConversation: POST /chat_conversations/{id}/stop");
    expect(run.stdout).toMatch(/<id>\.\.\.\s+Identifier of the chat conversation, as returned by `POST \/chat_conversations\/start`/);
    expect(run.stdout).toMatch(/--external-chatbot-id <text>\s+Identifier of an external chat bot/);
    expect(run.stdout).toMatch(/--concurrency N\s+calls at once \(default 4\)/);
  });

  it("prints the package version", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(await runCli(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });
});
