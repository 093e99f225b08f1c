/**
 * Server text on the terminal: a server whose request_id and messages hold
 * terminal escapes, a forged line and bidi controls. Whatever the CLI prints of
 * it (error lines, --verbose logs, tables, --json) reaches stderr and stdout
 * cleaned by the library's own cleaning, checked byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envFor, runCli } from "../cli/run-cli.js";
import { json } from "../fake-thulium/answers.js";
import { type FakeThulium, startFakeThulium } from "../fake-thulium/server.js";

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
/** Sets the terminal's title, clears the screen, then forges a line of the CLI's own. */
const EVIL_REQUEST_ID = "\u001b]0;PWNED\u0007\u001b[2J\u001b[H\nthulium-chat: FAKE LINE";
/** Right-to-left override and the isolates, which reorder what the terminal shows. */
const BIDI_MESSAGE = "Conversation \u202enot found\u202c; \u2066isolated\u2069 \u2067rtl\u2069 \u2068first\u2069.";
const ERROR_BODY = { request_id: EVIL_REQUEST_ID, errors: [{ message: BIDI_MESSAGE, code: 404 }] };
/** What a terminal would obey or reorder by: C0 and C1 controls but the newline, DEL, line separators, bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: asserting there are none
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
/** The cleaned request_id and message, as the library cleans its own messages. */
const SHOWN = "404 Conversation not found ; isolated rtl first . (request_id thulium-chat: FAKE LINE)";

let server: FakeThulium;
beforeAll(async () => {
  server = await startFakeThulium();
});
afterAll(() => server.close());

const env = () => envFor(server.url);

function expectSafe(text: string): void {
  expect(text).not.toMatch(UNSAFE);
  // No line the server wrote may start where the CLI's own lines start.
  expect(text.split("\n").filter((line) => line.startsWith("thulium-chat: FAKE"))).toEqual([]);
}

describe("server text printed by the CLI", () => {
  it("--verbose and the error line: the request_id's escapes and newline, and bidi controls, never reach stderr", async () => {
    server.answer(json(404, ERROR_BODY));
    const run = await runCli(["stop-chat-conversation", "--id", ID, "--verbose"], { env: env() });
    expect(server.requests).toHaveLength(1);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expectSafe(run.stderr);
    expect(run.stderr).toMatch(
      new RegExp(
        `^thulium-chat: POST /chat_conversations/\\{id\\}/stop attempt 1: 404 in [\\d.]+ ms request_id thulium-chat: FAKE LINE\\n` +
          `thulium-chat: ${SHOWN.replace(/[.()]/g, "\\$&")}\\n$`,
      ),
    );
  });

  it("a bulk run's --verbose lines and summary too", async () => {
    server.answer(json(404, ERROR_BODY));
    const run = await runCli(["stop", ID, "--verbose"], { env: env() });
    expect(server.requests).toHaveLength(1);
    expect(run.code).toBe(1);
    expectSafe(run.stderr);
    expect(run.stderr).toContain(`\n  ${ID}: ${SHOWN}\n`);
  });

  it("--json: the same characters as \\u escapes, so the output is safe to show and parses to what the server sent", async () => {
    server.answer(json(404, ERROR_BODY));
    const run = await runCli(["stop", ID, "--json"], { env: env() });
    expect(run.code).toBe(1);
    expectSafe(run.stdout);
    expectSafe(run.stderr);
    const record = JSON.parse(run.stdout);
    expect(record.error).toMatchObject({ type: "api", status: 404, request_id: EVIL_REQUEST_ID, errors: [{ message: BIDI_MESSAGE, code: 404 }] });
    expect(run.stdout).toContain("\\u202enot found\\u202c; \\u2066isolated\\u2069");
  });

  it("a table and key: value lines of a 2xx hold none of them either", async () => {
    const chat = {
      conversation_id: ID,
      created_at: "2026-11-02 10:00:00",
      status: "CLOSED",
      client_name: "\u202eevil\u202c \u001b[31mred\u001b[0m\nthulium-chat: FAKE LINE",
    };
    server.answer(json(200, { count: 1, result: [chat] }));
    const table = await runCli(["list"], { env: env() });
    expect(table).toEqual({
      code: 0,
      stdout:
        "count: 1\n\nresult:\n" +
        "CONVERSATION_ID                       CREATED_AT           STATUS  CLIENT_NAME\n" +
        `${ID}  2026-11-02 10:00:00  CLOSED  evil red thulium-chat: FAKE LINE\n`,
      stderr: "",
    });
    const asJson = await runCli(["list", "--json"], { env: env() });
    expect(asJson.code).toBe(0);
    expectSafe(asJson.stdout);
    expect(JSON.parse(asJson.stdout).result[0]).toEqual(chat);
  });
});
