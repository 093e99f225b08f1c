/** Exit codes and error lines of the CLI, as a subprocess against a local server that misbehaves on purpose. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeThulium as FaultServer, type Reply, startFakeThulium as startFaultServer, thuliumError } from "../fake-thulium/server.js";
import { envFor, runCli } from "./run-cli.js";

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
let reply: Reply = { status: 204 };
let server: FaultServer;

beforeAll(async () => {
  server = await startFaultServer(() => reply);
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  reply = { status: 204 };
});

/** One line on stderr, no stack trace, and nothing on stdout. */
function expectOneErrorLine(run: { stdout: string; stderr: string }) {
  expect(run.stdout).toBe("");
  expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(run.stderr).toMatch(/^thulium-chat: /);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe("exit code 0", () => {
  it("stops a conversation and says so on stdout", async () => {
    const run = await runCli(["stop", ID], { env: envFor(server.url) });
    expect(run).toMatchObject({ code: 0, stdout: "stopped 1, failed 0\n", stderr: "" });
    expect(server.requests).toMatchObject([{ method: "POST", path: `/chat_conversations/${ID}/stop` }]);
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("api_user:api_pass").toString("base64")}`);
  });
});

describe("exit code 1: Thulium answered with an error", () => {
  it("prints the status, Thulium's messages and the request_id on one stderr line", async () => {
    reply = {
      status: 404,
      body: {
        request_id: "req-42",
        errors: [
          { message: "Conversation not found.", code: 404 },
          { message: "Second\nline.", code: 1 },
        ],
      },
    };
    for (const extra of [[], ["--json"]]) {
      const run = await runCli(["stop-chat-conversation", "--id", ID, ...extra], { env: envFor(server.url) });
      expect(run.code).toBe(1);
      expectOneErrorLine(run);
      expect(run.stderr).toContain("404 Conversation not found.; Second line. (request_id req-42)");
    }
  });

  it("hints at the credentials on 401", async () => {
    reply = { status: 401, body: thuliumError("Unauthorized.") };
    const run = await runCli(["stop-chat-conversation", "--id", ID], { env: envFor(server.url) });
    expect(run.code).toBe(1);
    expectOneErrorLine(run);
    expect(run.stderr).toMatch(/401 Unauthorized\. \(request_id 53678450401cf\); check the user \(THULIUM_USER\) and password/);
    expect(run.stderr).not.toContain("api_pass");
  });

  it("retries a 500 through the client's policy, then fails", async () => {
    reply = { status: 500, body: thuliumError("Internal error.") };
    const run = await runCli(["stop-chat-conversation", "--id", ID, "--max-retries", "1"], { env: envFor(server.url) });
    expect(run.code).toBe(1);
    expectOneErrorLine(run);
    expect(server.requests).toHaveLength(2);
  });
});

describe("a mistyped command or flag: one line naming the nearest known one, nothing sent", () => {
  it.each([
    [["stpo", ID], 'unknown command "stpo"; did you mean "stop"? (see thulium-chat --help)'],
    [["lsit"], 'unknown command "lsit"; did you mean "list"? (see thulium-chat --help)'],
    [["webhook", "list"], 'unknown command "webhook"; did you mean "webhooks"? (see thulium-chat --help)'],
    [["webhooks", "lsit"], 'unknown command "webhooks lsit"; did you mean "webhooks list"? (see thulium-chat webhooks --help)'],
    [["stop-chat-conversaton", "--id", ID], 'unknown command "stop-chat-conversaton"; did you mean "stop-chat-conversation"? (see thulium-chat --help)'],
    [["stop", ID, "--concurency", "8"], 'stop: unknown option "--concurency"; did you mean "--concurrency"? (see thulium-chat stop --help)'],
    [["list", "--stauts", "CLOSED"], 'list: unknown option "--stauts"; did you mean "--status"? (see thulium-chat list --help)'],
    [["stop", ID, "--verbos"], 'stop: unknown option "--verbos"; did you mean "--verbose"? (see thulium-chat stop --help)'],
    [["webhooks", "listen", "--prot", "0"], 'webhooks listen: unknown option "--prot"; did you mean "--port"? (see thulium-chat webhooks listen --help)'],
    [["list", "--from"], "list: --from needs a value (see thulium-chat list --help)"],
    [["stop", ID, "--json=yes"], "stop: --json takes no value; give it alone (see thulium-chat stop --help)"],
    [["xyzzy"], 'unknown command "xyzzy" (see thulium-chat --help)'],
    [["--concurency", "8", "stop", "-"], 'unknown option "--concurency"; did you mean "--concurrency"? (see thulium-chat --help)'],
    [["--concurrency", "8", "stop", "-"], '"--concurrency" is an option of some commands: give it after the command (see thulium-chat --help)'],
  ])("thulium-chat %j", async (args, line) => {
    const run = await runCli(args, { env: envFor(server.url) });
    expect(run).toEqual({ code: 2, stdout: "", stderr: `thulium-chat: ${line}\n` });
    expect(server.requests).toHaveLength(0);
  });
});

describe("exit code 2: usage or input error, nothing sent", () => {
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ["no command", [], {}, /no command given/],
    ["an unknown command", ["stpo", ID], {}, /unknown command "stpo"/],
    ["an unknown flag", ["stop", ID, "--bogus"], {}, /^thulium-chat: stop: unknown option "--bogus" \(see thulium-chat stop --help\)\n$/],
    ["an invalid id", ["stop-chat-conversation", "--id", "../../admin"], {}, /parameter "id" must be a UUID .* \(--id\)/],
    ["a flag value the spec forbids", ["stop", ID, "--external-chatbot-id", ""], {}, /"external_chatbot_id" must have at least 1 character/],
    ["no system", ["stop", ID], { THULIUM_BASE_URL: "" }, /no Thulium system given: set THULIUM_SYSTEM/],
    ["both system and base URL", ["stop", ID], { THULIUM_SYSTEM: "acme" }, /THULIUM_SYSTEM and THULIUM_BASE_URL are both set/],
    ["no user", ["stop", ID], { THULIUM_USER: "" }, /no user given: set THULIUM_USER/],
    ["no password", ["stop", ID], { THULIUM_PASSWORD: "" }, /no password given: set THULIUM_PASSWORD .*--password-stdin/],
    ["http to a remote host", ["stop", ID, "--base-url", "http://example.com/api"], {}, /--base-url \/ THULIUM_BASE_URL: .*pass --allow-insecure-http/],
    ["a bad --timeout-ms", ["stop", ID, "--timeout-ms", "soon"], {}, /--timeout-ms must be a whole number/],
    ["--concurrency 0", ["stop", ID, "--concurrency", "0"], {}, /--concurrency must be from 1 to 64/],
    // (An alias whose operation the spec lacks: every alias's operation is in the spec now; commands.test.ts covers it.)
    ["a required flag missing", ["start", "--client-name", "Jan"], {}, /startChatConversation: missing required parameter "chat_queue_id" \(--queue\)/],
    [
      "a value outside the spec's enum",
      ["list", "--status", "OPEN"],
      {},
      /parameter "status" must be one of "CREATED", "IN_PROGRESS", "CLOSED", got string "OPEN" \(--status\)/,
    ],
    [
      "a date Thulium would refuse",
      ["report", "--from", "yesterday", "--to", "2019-11-02"],
      {},
      /parameter "date_from" must be a date as YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS, or a Date, got string "yesterday" \(--from\)/,
    ],
    ["stdin asked for twice", ["stop", "-", "--password-stdin"], {}, /- and --password-stdin would both read stdin/],
  ];
  it.each(cases)("%s", async (_, args, env, message) => {
    const run = await runCli(args, { env: envFor(server.url, env) });
    expect(run.code).toBe(2);
    expectOneErrorLine(run);
    expect(run.stderr).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });

  it.each([["--password", "hunter2"], ["--password=hunter2"], ["-p", "hunter2"]])(
    "refuses a password given as a flag (%s) with a hint, without echoing it",
    async (...flag) => {
      const run = await runCli(["stop", ID, ...flag], { env: envFor(server.url, { THULIUM_PASSWORD: "" }) });
      expect(run.code).toBe(2);
      expectOneErrorLine(run);
      expect(run.stderr).toMatch(/refusing a password on the command line.*THULIUM_PASSWORD.*--password-stdin/);
      expect(run.stderr).not.toContain("hunter2");
      expect(server.requests).toHaveLength(0);
    },
  );
});

describe("exit code 3: timeout or connection failure", () => {
  it("times out on a server that never answers", async () => {
    reply = { hang: true };
    const run = await runCli(["stop", ID, "--timeout-ms", "200", "--max-retries", "0"], { env: envFor(server.url) });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/timed out after 200 ms/);
  });

  it("fails to connect to a closed port", async () => {
    const closed = await startFaultServer(() => ({ status: 204 }));
    await closed.close();
    const run = await runCli(["stop-chat-conversation", "--id", ID, "--max-retries", "0"], { env: envFor(closed.url) });
    expect(run.code).toBe(3);
    expectOneErrorLine(run);
    expect(run.stderr).toMatch(/could not reach Thulium: .*ECONNREFUSED/);
  });

  it("fails when the server drops the connection", async () => {
    reply = { drop: true };
    const run = await runCli(["stop-chat-conversation", "--id", ID, "--max-retries", "0"], { env: envFor(server.url) });
    expect(run.code).toBe(3);
    expectOneErrorLine(run);
  });
});

describe("settings", () => {
  it("reads the password from stdin with --password-stdin", async () => {
    const run = await runCli(["stop", ID, "--password-stdin"], { env: envFor(server.url, { THULIUM_PASSWORD: "" }), stdin: "s3cret:with colon\n" });
    expect(run.code).toBe(0);
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("api_user:s3cret:with colon").toString("base64")}`);
  });

  it("lets flags override the environment", async () => {
    const run = await runCli(["stop", ID, "--base-url", server.url, "--user", "other"], { env: envFor("http://127.0.0.1:9", { THULIUM_SYSTEM: "ignored" }) });
    expect(run.code).toBe(0);
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("other:api_pass").toString("base64")}`);
  });

  it("logs each attempt with --verbose, on stderr, without credentials or ids", async () => {
    reply = { status: 503, body: thuliumError("Busy.", "req-7") };
    const run = await runCli(["stop-chat-conversation", "--id", ID, "--verbose", "--max-retries", "1"], { env: envFor(server.url) });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^thulium-chat: POST \/chat_conversations\/\{id\}\/stop attempt 1: 503 in [\d.]+ ms request_id req-7; retrying in \d+ ms$/);
    expect(lines[1]).toMatch(/attempt 2: 503 in/);
    expect(run.stderr).not.toContain("api_pass");
    expect(run.stderr).not.toContain(Buffer.from("api_user:api_pass").toString("base64"));
    expect(run.stderr).not.toContain(ID);
  });
});
