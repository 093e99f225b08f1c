import { describe, expect, it } from "vitest";
import { renderHuman, table } from "../../src/cli/output.js";

describe("human output", () => {
  it("prints a list of objects as a table, columns in first-seen order", () => {
    const text = table([
      { conversation_id: "6ed7c941", status: "CLOSED" },
      { conversation_id: "a779146f", status: "IN_PROGRESS", user_login: "jkowalski" },
    ]);
    expect(text).toBe(["CONVERSATION_ID  STATUS       USER_LOGIN", "6ed7c941         CLOSED", "a779146f         IN_PROGRESS  jkowalski", ""].join("\n"));
  });

  it("prints an object's fields as lines, and a list inside it as a table", () => {
    expect(renderHuman({ conversation_id: "6ed7c941" })).toBe("conversation_id: 6ed7c941\n");
    expect(renderHuman({ count: 1, result: [{ id: 1, chat_time: { min: "00:00:48" } }] })).toBe('count: 1\n\nresult:\nID  CHAT_TIME\n1   {"min":"00:00:48"}\n');
    expect(renderHuman([])).toBe("(none)\n");
  });

  it("never passes a server's control characters to the terminal: whole escape sequences and bidi controls go", () => {
    const text = renderHuman([{ client_name: "Jan\u001b[2J\u001b]0;pwned\u0007\nKow\u202eal\u2066ski" }]);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toBe("CLIENT_NAME\nJan Kow al ski\n");
  });

  it("cuts a value on a line of its own to 1000 characters and says so; a table cell to 48", () => {
    const long = "x".repeat(1024 * 1024);
    const [field, item] = [renderHuman({ content: long }), renderHuman([long])];
    expect(field).toBe(`content: ${"x".repeat(999)}… (cut; --json prints it whole)\n`);
    expect(item).toBe(`${"x".repeat(999)}… (cut; --json prints it whole)\n`);
    expect(renderHuman({ content: "x".repeat(1000) })).toBe(`content: ${"x".repeat(1000)}\n`);
    expect(table([{ content: long }])).toBe(`CONTENT\n${"x".repeat(47)}…\n`);
  });
});
