/**
 * `thulium-chat webhooks list | subscribe | listen`, run as a user runs them:
 * against Prism, against a local server that records what was sent, and,
 * for `listen`, with a simulated Thulium POSTing to it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { loadSpec } from "../contract/spec.js";
import { type FakeThulium as FaultServer, type ReceivedRequest, type Reply, startFakeThulium as startFaultServer } from "../fake-thulium/server.js";
import { startListen } from "./listen-process.js";
import { envFor, runCli } from "./run-cli.js";

const spec = await loadSpec();
const LIST_EXAMPLE = spec.paths["/webhooks"].get.responses["200"].content["application/json"].example;
const examples = Object.values<Record<string, any>>(spec.webhooks).map((item) => item.post.requestBody.content["application/json"].example);
const prism = () => envFor(inject("prismUrl"));

/** Two subscriptions as Thulium answers them: each password in clear, one of them empty. */
const STORED = [
  {
    id: 1,
    actions: ["CHAT_CONVERSATION_CREATED"],
    subscription_url: "https://hooks.example.org/a",
    http_auth_user: "thulium",
    http_auth_password: "hunter2-secret",
  },
  { id: 2, actions: ["CHAT_AGENT_ASSIGNED"], subscription_url: "https://hooks.example.org/b", http_auth_user: "", http_auth_password: "" },
];

describe("webhooks list", () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer(() => ({ status: 200, body: STORED }));
  });
  afterAll(() => server.close());

  it("prints the subscriptions with each password masked; an empty one stays empty", async () => {
    const run = await runCli(["webhooks", "list"], { env: envFor(server.url) });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const [header, first, second] = run.stdout.trimEnd().split("\n");
    expect(header?.split(/\s{2,}/)).toEqual(["ID", "ACTIONS", "SUBSCRIPTION_URL", "HTTP_AUTH_USER", "HTTP_AUTH_PASSWORD"]);
    expect(first?.split(/\s{2,}/)).toEqual(["1", '["CHAT_CONVERSATION_CREATED"]', "https://hooks.example.org/a", "thulium", "****"]);
    expect(second?.split(/\s{2,}/)).toEqual(["2", '["CHAT_AGENT_ASSIGNED"]', "https://hooks.example.org/b"]);
    expect(run.stdout).not.toContain("hunter2");
  });

  it("masks them in --json too, and shows them with --show-secrets", async () => {
    const json = await runCli(["webhooks", "list", "--json"], { env: envFor(server.url) });
    expect(JSON.parse(json.stdout)).toEqual([{ ...STORED[0], http_auth_password: "****" }, STORED[1]]);
    const shown = await runCli(["webhooks", "list", "--json", "--show-secrets"], { env: envFor(server.url) });
    expect(JSON.parse(shown.stdout)).toEqual(STORED);
    // The operation's own command masks the same way.
    expect((await runCli(["list-webhooks", "--json"], { env: envFor(server.url) })).stdout).not.toContain("hunter2");
  });

  it("prints the spec's example against Prism", async () => {
    const run = await runCli(["webhooks", "list", "--json"], { env: prism() });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(run.stdout)).toEqual(LIST_EXAMPLE);
  });
});

describe("webhooks subscribe", () => {
  let server: FaultServer;
  let reply: (request: ReceivedRequest) => Reply;
  beforeAll(async () => {
    server = await startFaultServer((request) => reply(request));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    reply = (request) => ({ status: 201, body: { id: 9, ...JSON.parse(request.body) } });
  });

  it("sends the URL, the actions and the credentials, the password read from stdin, and prints the answer masked", async () => {
    const run = await runCli(
      [
        "webhooks",
        "subscribe",
        "--url",
        "https://hooks.example.org/thulium",
        "--action",
        "CHAT_CONVERSATION_CREATED",
        "--action",
        "CHAT_AGENT_ASSIGNED",
        "--auth-user",
        "thulium",
        "--auth-password-stdin",
        "--verbose",
      ],
      { env: envFor(server.url), stdin: "pa:ss wörd\n" },
    );
    expect(run.code).toBe(0);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: "POST", path: "/webhooks" });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      actions: ["CHAT_CONVERSATION_CREATED", "CHAT_AGENT_ASSIGNED"],
      subscription_url: "https://hooks.example.org/thulium",
      http_auth_user: "thulium",
      http_auth_password: "pa:ss wörd",
    });
    expect(run.stdout).toContain("http_auth_password: ****\n");
    expect(run.stdout + run.stderr).not.toContain("pa:ss");
    expect(run.stderr).toMatch(/^thulium-chat: POST \/webhooks attempt 1: 201 in/);
  });

  it("subscribes without credentials, and accepts an action other than the chat ones", async () => {
    const run = await runCli(["webhooks", "subscribe", "--url", "https://hooks.example.org/crm", "--action", "CUSTOMER_CREATED", "--json"], {
      env: envFor(server.url),
    });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ actions: ["CUSTOMER_CREATED"], subscription_url: "https://hooks.example.org/crm" });
    expect(JSON.parse(run.stdout)).toEqual({ id: 9, actions: ["CUSTOMER_CREATED"], subscription_url: "https://hooks.example.org/crm" });
  });

  it("is accepted by Prism, which checks the request against the spec", async () => {
    const run = await runCli(["webhooks", "subscribe", "--url", "https://example.pl", "--action", "CHAT_CONVERSATION_CREATED", "--json"], { env: prism() });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(run.stdout)).toMatchObject({ id: 5, subscription_url: "https://example.pl" });
  });

  it("is not retried when Thulium answers 500: it may have subscribed", async () => {
    reply = () => ({ status: 500, body: { request_id: "r-1", errors: [{ message: "Internal error.", code: 1 }] } });
    const run = await runCli(["webhooks", "subscribe", "--url", "https://example.pl", "--action", "CHAT_CONVERSATION_CREATED"], { env: envFor(server.url) });
    expect(run.code).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ["a password as a flag value", ["--auth-password", "hunter2"], {}, /refusing a secret on the command line \(--auth-password\).*--auth-password-stdin/],
    ["a password after =", ["--auth-password=hunter2"], {}, /refusing a secret on the command line/],
    ["no --action", [], { noAction: true }, /missing required parameter "actions" \(--action\)/],
  ])("refuses %s with exit 2, nothing sent, nothing echoed", async (_what, extra, how, message) => {
    const args = ["webhooks", "subscribe", "--url", "https://hooks.example.org/x"];
    if (!("noAction" in how)) args.push("--action", "CHAT_CONVERSATION_CREATED");
    const run = await runCli([...args, ...extra], { env: envFor(server.url) });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain("hunter2");
    expect(server.requests).toEqual([]);
  });

  it("refuses the password on the operation's own command too, and stdin asked for twice", async () => {
    const own = await runCli(["create-webhook", "--actions", "A", "--subscription-url", "https://x.example", "--http-auth-password", "hunter2"], {
      env: envFor(server.url),
    });
    expect(own).toMatchObject({ code: 2, stdout: "" });
    expect(own.stderr).toMatch(/refusing a secret on the command line \(--http-auth-password\).*--http-auth-password-stdin/);
    const twice = await runCli(["webhooks", "subscribe", "--url", "https://x.example", "--action", "A", "--auth-password-stdin", "--password-stdin"], {
      env: envFor(server.url),
      stdin: "x\n",
    });
    expect(twice).toMatchObject({ code: 2, stdout: "" });
    expect(twice.stderr).toMatch(/--auth-password-stdin and --password-stdin would both read stdin/);
    expect(server.requests).toEqual([]);
  });
});

describe("the webhooks group", () => {
  it("lists its commands in --help, and asks for one when none is given", async () => {
    const help = await runCli(["webhooks", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}webhooks list \[options\] +List webhook subscriptions$/m);
    expect(help.stdout).toMatch(/^ {2}webhooks subscribe --url <uri> --action <text> \[options\]$/m);
    expect(help.stdout).toMatch(/^ {2}webhooks listen --port <n> /m);
    const main = await runCli(["--help"]);
    expect(main.stdout).toMatch(/^ {2}webhooks listen --port <n> /m);
    expect(main.stdout).toMatch(/--show-secrets/);
    expect(await runCli(["webhooks"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "thulium-chat: webhooks needs a command: list, subscribe, listen (see thulium-chat webhooks --help)\n",
    });
    expect((await runCli(["webhooks", "listen", "--help"])).stdout).toMatch(/^Usage: thulium-chat webhooks listen --port <n>/);
  });
});

describe("webhooks listen", () => {
  const listen = startListen;

  const basic = (credentials: string) => `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`;

  it("prints each valid event as a JSON line, each rejected request as a stderr line, and exits 130 on Ctrl-C", async () => {
    // A process of its own: the bin's Ctrl-C handler and exit code are part of what is checked.
    const { url, run, child } = await listen(["--auth-user", "thulium", "--auth-password-stdin"], "pa:ss\n", { spawned: true });
    const post = (body: string, authorization = basic("thulium:pa:ss"), path = "/thulium") =>
      fetch(`${url}${path}`, { method: "POST", headers: { Authorization: authorization, "Content-Type": "application/json" }, body });
    // A simulated Thulium: the three documented events, with Basic auth.
    for (const example of examples) expect((await post(JSON.stringify(example))).status).toBe(200);
    expect((await post(JSON.stringify(examples[0]), basic("thulium:wrong"), "/thulium?token=abc")).status).toBe(401);
    expect((await post('{"action":"CHAT_AGENT_ASSIGNED"}')).status).toBe(400);
    expect((await fetch(url)).status).toBe(405);
    child.kill("SIGINT");
    const { code, stdout, stderr } = await run;
    expect(code).toBe(130);
    expect(
      stdout
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual(examples);
    const lines = stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^thulium-chat: listening on http:\/\/127\.0\.0\.1:\d+\/ for Thulium's chat webhooks, with Basic auth as thulium; Ctrl-C stops$/);
    expect(lines.slice(1)).toEqual([
      "thulium-chat: POST /thulium: 401 Unauthorized",
      'thulium-chat: POST /thulium: 400 chat webhook CHAT_AGENT_ASSIGNED: missing required field "conversation_id"',
      "thulium-chat: GET /: 405 Method Not Allowed: Thulium's webhooks are POSTed",
      "thulium-chat: stopped",
    ]);
    expect(stderr).not.toContain("pa:ss");
  });

  it("without credentials, accepts any sender and says so", async () => {
    const { url, run, child } = await listen([]);
    expect((await fetch(url, { method: "POST", body: JSON.stringify(examples[1]) })).status).toBe(200);
    child.kill("SIGINT");
    const { code, stdout, stderr } = await run;
    expect(code).toBe(130);
    expect(JSON.parse(stdout)).toEqual(examples[1]);
    expect(stderr).toContain("without auth (any sender is accepted)");
  });

  it.each([
    ["no --port", ["webhooks", "listen"], /--port is required/],
    ["a port that is not a number", ["webhooks", "listen", "--port", "http"], /--port must be a whole number/],
    [
      "--auth-user without the password",
      ["webhooks", "listen", "--port", "0", "--auth-user", "thulium"],
      /give --auth-user and --auth-password-stdin together/,
    ],
    ["a password as a flag", ["webhooks", "listen", "--port", "0", "--auth-password=hunter2"], /refusing a password on the command line/],
    [
      "an unknown flag",
      ["webhooks", "listen", "--port", "0", "--json"],
      /^thulium-chat: webhooks listen: unknown option "--json" \(see thulium-chat webhooks listen --help\)\n$/,
    ],
  ])("refuses %s with exit 2 and one line", async (_what, args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain("hunter2");
  });

  it("says a busy port is busy", async () => {
    const { url, run, child } = await listen([]);
    const busy = await runCli(["webhooks", "listen", "--port", new URL(url).port]);
    expect(busy).toMatchObject({ code: 2, stdout: "" });
    expect(busy.stderr).toMatch(/port \d+ is in use on 127\.0\.0\.1; pass another --port/);
    child.kill("SIGINT");
    expect((await run).code).toBe(130);
  });

  it("stops on SIGHUP (its terminal closed) and SIGTERM with the shell's codes, 129 and 143", async () => {
    for (const [signal, code] of [
      ["SIGHUP", 129],
      ["SIGTERM", 143],
    ] as const) {
      const { run, child } = await listen([]);
      child.kill(signal);
      expect((await run).code, signal).toBe(code);
    }
  });
});

describe("webhooks listen and events it does not know", () => {
  it("answers 200 to another section's action and to a delivery with no Content-Type, telling the first on stderr", async () => {
    const receiver = await startListen();
    const bytes = (payload: unknown) => new TextEncoder().encode(JSON.stringify(payload));
    expect((await fetch(receiver.url, { method: "POST", body: bytes({ action: "CUSTOMER_CREATED", customer_id: 4 }) })).status).toBe(200);
    expect((await fetch(receiver.url, { method: "POST", body: bytes(examples[0]) })).status).toBe(200);
    const { stdout, stderr } = await receiver.stop();
    expect(JSON.parse(stdout)).toEqual(examples[0]);
    expect(stderr).toContain('thulium-chat: answered 200 to an event with action "CUSTOMER_CREATED", which is not a chat webhook; not printed\n');
  });
});
