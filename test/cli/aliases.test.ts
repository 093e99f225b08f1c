/**
 * The friendly commands of src/cli/aliases.ts, one per chat operation, run as
 * a user runs them: against the Prism mock served from the spec (which answers
 * 422 to a request that breaks the spec, so exit 0 means the request kept to
 * it), and against a local server that records what was sent.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { aliases } from "../../src/cli/aliases.js";
import { operations } from "../../src/generated/operations.js";
import { type FakeThulium as FaultServer, type ReceivedRequest, type Reply, startFakeThulium as startFaultServer } from "../fake-thulium/server.js";
import { envFor, runCli } from "./run-cli.js";

/** The conversation id of the spec's examples, which Prism returns. */
const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
const prism = () => envFor(inject("prismUrl"));

/** The one chat of the spec's `listChats` example, as Prism returns it. */
const EXAMPLE_CHAT = {
  chat_queue_id: 3,
  client_email: "andrzej.nowak@company.bar",
  client_name: "Andrzej Nowak",
  customer_id: 2,
  conversation_id: ID,
  created_at: "2017-12-11 10:23:04.318",
  closed_at: "2017-12-11 11:21:05.221",
  status: "CLOSED",
  user_login: "jkowalski",
};

const jsonLines = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line));

it("--help lists every friendly command, none unavailable, with its operation's summary", async () => {
  const run = await runCli(["--help"]);
  expect(run.code).toBe(0);
  // A long usage puts the summary on the next line; join it back.
  const lines = run.stdout.replace(/\n {20,}/g, "  ").split("\n");
  for (const { command, operationId } of aliases) {
    const summary = operations[operationId as keyof typeof operations]?.summary;
    expect(summary, `${command}: ${operationId} is in the spec`).toBeDefined();
    expect(lines.find((line) => line.startsWith(`  ${command} `))?.trimEnd(), command).toMatch(new RegExp(`\\s${summary}$`));
  }
});

describe.concurrent("against Prism", () => {
  it("start --queue 3 prints the new conversation's id; --json prints the answer as JSON", async () => {
    expect(await runCli(["start", "--queue", "3"], { env: prism() })).toEqual({ code: 0, stdout: `conversation_id: ${ID}\n`, stderr: "" });
    const run = await runCli(["start", "--queue", "3", "--client-name", "Jan", "--client-id", "1234", "--json"], { env: prism() });
    expect(run).toEqual({ code: 0, stdout: `{\n  "conversation_id": "${ID}"\n}\n`, stderr: "" });
    expect(JSON.parse(run.stdout)).toEqual({ conversation_id: ID });
  });

  it("start without --queue, or with a queue that is not a number, is a usage error: exit 2", async () => {
    expect(await runCli(["start"], { env: prism() })).toEqual({
      code: 2,
      stdout: "",
      stderr: 'thulium-chat: startChatConversation: missing required parameter "chat_queue_id" (--queue)\n',
    });
    expect(await runCli(["start", "--queue", "three"], { env: prism() })).toEqual({
      code: 2,
      stdout: "",
      stderr: 'thulium-chat: --queue must be a whole number, got "three"\n',
    });
  });

  it("send <id> <text> sends a message; --json prints null", async () => {
    expect(await runCli(["send", ID, "Hello, world!"], { env: prism() })).toEqual({
      code: 0,
      stdout: "Send a message in a chat conversation: done\n",
      stderr: "",
    });
    expect(await runCli(["send", ID, "Hello", "--json"], { env: prism() })).toEqual({ code: 0, stdout: "null\n", stderr: "" });
  });

  it("delete-content <user|customer|both> <id>... deletes each participant's content", async () => {
    const runs = await Promise.all(["user", "customer", "both"].map((participant) => runCli(["delete-content", participant, ID], { env: prism() })));
    for (const run of runs) expect(run).toEqual({ code: 0, stdout: "content deleted 1, failed 0\n", stderr: "" });
  });

  it("delete <id>... deletes a conversation", async () => {
    expect(await runCli(["delete", ID], { env: prism() })).toEqual({ code: 0, stdout: "deleted 1, failed 0\n", stderr: "" });
  });

  it("list prints count, then the chats as a table", async () => {
    const run = await runCli(["list", "--status", "CLOSED", "--from", "2017-12-01", "--to", "2017-12-31 23:59"], { env: prism() });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const lines = run.stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual(["count: 1", "", "result:"]);
    expect(lines[3]?.split(/\s{2,}/)).toEqual([
      "CHAT_QUEUE_ID",
      "CLIENT_EMAIL",
      "CLIENT_NAME",
      "CUSTOMER_ID",
      "CONVERSATION_ID",
      "CREATED_AT",
      "CLOSED_AT",
      "STATUS",
      "USER_LOGIN",
    ]);
    expect(lines[4]?.split(/\s{2,}/)).toEqual(Object.values(EXAMPLE_CHAT).map(String));
    expect(lines.slice(5)).toEqual([""]);
  });

  it("list --all --json streams the chats as NDJSON against the mock", async () => {
    // The spec's example page holds its one chat with `count: 1`: one page, then done.
    const run = await runCli(["list", "--all", "--json"], { env: prism() });
    expect(jsonLines(run.stdout)).toEqual([EXAMPLE_CHAT]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  it("report --from --to prints the report's rows as a table; --json as the array", async () => {
    const run = await runCli(["report", "--from", "2019-11-01", "--to", "2019-11-02 11:12:00", "--user-logins", "jkowalski", "--aggregate-by", "day"], {
      env: prism(),
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const [header, row, ...rest] = run.stdout.split("\n");
    expect(header?.split(/\s{2,}/).slice(0, 3)).toEqual(["SERIES", "USER_NAME", "INCOMING"]);
    expect(header).toContain("SERVICE_LEVEL_PERCENT");
    expect(row?.split(/\s{2,}/).slice(0, 3)).toEqual(["2021-12", "John Doe", "1"]);
    expect(rest).toEqual([""]);

    const json = await runCli(["report", "--from", "2019-11-01", "--to", "2019-11-02", "--json"], { env: prism() });
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ series: "2021-12", user_name: "John Doe", chat_time: { min: "00:00:48" } });
  });

  it("report without --to, or with a date Thulium would refuse, is a usage error: exit 2", async () => {
    expect(await runCli(["report", "--from", "2019-11-01"], { env: prism() })).toEqual({
      code: 2,
      stdout: "",
      stderr: 'thulium-chat: getChatSummaryReport: missing required parameter "date_to" (--to)\n',
    });
    const run = await runCli(["report", "--from", "2019-13-01", "--to", "2019-11-02"], { env: prism() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^thulium-chat: getChatSummaryReport: parameter "date_from" must be a date as YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS, or a Date, got string "2019-13-01" \(--from\)\n$/,
    );
  });

  it("queues prints the chat queues: Prism's example is an empty list", async () => {
    expect(await runCli(["queues"], { env: prism() })).toEqual({ code: 0, stdout: "(none)\n", stderr: "" });
    expect(await runCli(["queues", "--json"], { env: prism() })).toEqual({ code: 0, stdout: "[]\n", stderr: "" });
  });
});

describe("what each command sends", () => {
  let server: FaultServer;
  let reply: (request: ReceivedRequest) => Reply;

  beforeAll(async () => {
    server = await startFaultServer((request) => reply(request));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    reply = () => ({ status: 200 });
  });

  it("send puts the text in the JSON body, delete-content the participant in the path", async () => {
    expect((await runCli(["send", ID, "Dzień dobry!"], { env: envFor(server.url) })).code).toBe(0);
    expect((await runCli(["delete-content", "customer", ID], { env: envFor(server.url) })).code).toBe(0);
    expect(server.requests.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: "POST", path: `/chat_conversations/${ID}/message`, body: '{"text":"Dzień dobry!"}' },
      { method: "DELETE", path: `/chat_conversations/content/${ID}/customer`, body: "" },
    ]);
  });

  it("send without a text, or with an empty one, is refused: exit 2, nothing sent (the customer would get an empty message)", async () => {
    const why = "a message without text would reach the customer empty";
    expect(await runCli(["send", ID], { env: envFor(server.url) })).toEqual({
      code: 2,
      stdout: "",
      stderr: `thulium-chat: send: missing <text>, or - to read it from stdin: ${why}\n`,
    });
    expect(await runCli(["send", ID, ""], { env: envFor(server.url) })).toEqual({
      code: 2,
      stdout: "",
      stderr: `thulium-chat: send: <text> is empty: ${why}\n`,
    });
    expect(await runCli(["send", ID, "-"], { env: envFor(server.url), stdin: "" })).toEqual({
      code: 2,
      stdout: "",
      stderr: `thulium-chat: send <text>: stdin was empty: ${why}\n`,
    });
    expect(server.requests).toEqual([]);
  });

  it("send <id> - reads the text from stdin, every line of it but the last line's end", async () => {
    const run = await runCli(["send", ID, "-"], { env: envFor(server.url), stdin: "Dzień dobry!\nA second line.\n" });
    expect(run).toEqual({ code: 0, stdout: "Send a message in a chat conversation: done\n", stderr: "" });
    expect(server.requests.map(({ path, body }) => ({ path, body }))).toEqual([
      { path: `/chat_conversations/${ID}/message`, body: JSON.stringify({ text: "Dzień dobry!\nA second line." }) },
    ]);
    const both = await runCli(["send", ID, "-", "--password-stdin"], { env: envFor(server.url), stdin: "x\n" });
    expect(both).toMatchObject({ code: 2, stderr: "thulium-chat: - and --password-stdin would both read stdin; set THULIUM_PASSWORD instead\n" });
    expect(server.requests).toHaveLength(1);
  });

  it("delete-content with a participant the spec does not have: exit 2, one line naming <participant>, nothing sent", async () => {
    const run = await runCli(["delete-content", "agent", ID], { env: envFor(server.url) });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: 'thulium-chat: deleteChatContent: parameter "participant" must be one of "user", "customer", "both", got string "agent" (<participant>)\n',
    });
    expect(server.requests).toEqual([]);
  });

  it("list --all reads every page through iterateChats: NDJSON with --json, one table without", async () => {
    const chats = Array.from({ length: 5 }, (_, i) => ({ ...EXAMPLE_CHAT, conversation_id: `00000000-0000-4000-8000-00000000000${i}` }));
    // Two chats a page, whatever the limit: the iterator must follow `count` and the page's length.
    reply = (request) => {
      const offset = Number(new URL(request.path, "http://x").searchParams.get("offset"));
      return { status: 200, body: { count: chats.length, result: chats.slice(offset, offset + 2) } };
    };

    const json = await runCli(["list", "--all", "--json", "--status", "CLOSED"], { env: envFor(server.url) });
    expect(json).toMatchObject({ code: 0, stderr: "" });
    expect(jsonLines(json.stdout)).toEqual(chats);
    expect(server.requests.map((r) => r.path)).toEqual([0, 2, 4].map((offset) => `/chats?limit=100&offset=${offset}&status=CLOSED`));

    const table = await runCli(["list", "--all"], { env: envFor(server.url) });
    expect(table).toMatchObject({ code: 0, stderr: "" });
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^CHAT_QUEUE_ID\s+CLIENT_EMAIL\s+/);
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/)[4])).toEqual(chats.map((c) => c.conversation_id));
  });
});
