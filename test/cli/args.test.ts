import { describe, expect, it } from "vitest";
import { parseCommandArgs } from "../../src/cli/args.js";
import { buildCommands } from "../../src/cli/commands.js";
import { UsageError } from "../../src/cli/failure.js";
import type { OperationSpec } from "../../src/generated/operations.js";

const op: OperationSpec = {
  operationId: "listThings",
  summary: "List things",
  method: "GET",
  path: "/things/{id}",
  idempotent: true,
  jsonResponse: true,
  parameters: [
    { name: "id", wireName: "id", in: "path", required: true, schema: { type: "string" } },
    { name: "limit", wireName: "limit", in: "query", required: false, schema: { type: "integer" } },
    { name: "include_messages", wireName: "include_messages", in: "query", required: false, schema: { type: "boolean" } },
    { name: "user_logins", wireName: "user_logins[]", in: "query", required: false, schema: { type: "array", items: { type: "string" } } },
    { name: "chat_queue_ids", wireName: "chat_queue_ids[]", in: "query", required: false, schema: { type: "array", items: { type: "integer" } } },
  ],
};
const { commands } = buildCommands({ listThings: op }, [
  { command: "things", operationId: "listThings", positionals: ["id"], flags: { max: "limit" } },
  { command: "each", operationId: "listThings", positionals: ["id..."] },
]);
const generic = commands.get("list-things")!;
const alias = commands.get("things")!;
const many = commands.get("each")!;

describe("reading a command's arguments", () => {
  it("converts each flag to its schema's type", () => {
    const args = parseCommandArgs(generic, [
      "--id",
      "x",
      "--limit",
      "5",
      "--include-messages",
      "--user-logins",
      "a",
      "--user-logins",
      "b",
      "--chat-queue-ids",
      "1",
      "--chat-queue-ids",
      "3",
    ]);
    expect(args.params).toEqual({ id: "x", limit: 5, include_messages: true, user_logins: ["a", "b"], chat_queue_ids: [1, 3] });
    expect(parseCommandArgs(generic, ["--id", "x", "--no-include-messages"]).params.include_messages).toBe(false);
  });

  it("takes positionals and short flags from the alias table", () => {
    expect(parseCommandArgs(alias, ["x", "--max", "7", "--json"])).toMatchObject({ params: { id: "x", limit: 7 }, global: { json: true } });
    expect(() => parseCommandArgs(alias, ["x", "--max", "7", "--limit", "8"])).toThrow(/--max and --limit both give "limit"/);
    expect(() => parseCommandArgs(alias, ["x", "y"])).toThrow(/unexpected argument "y"/);
    expect(() => parseCommandArgs(alias, [])).toThrow(/missing <id>/);
  });

  it("collects a variadic positional's values, with - for stdin given once", () => {
    expect(parseCommandArgs(many, ["a", "b", "-", "--limit", "2"])).toMatchObject({ many: ["a", "b", "-"], params: { limit: 2 } });
    expect(parseCommandArgs(many, ["--id", "a"]).many).toEqual(["a"]);
    expect(() => parseCommandArgs(many, ["-", "-"])).toThrow(/once/);
    expect(() => parseCommandArgs(many, [])).toThrow(/missing <id> \(one or more/);
  });

  it("rejects what is not a number, and unknown flags, as usage errors", () => {
    expect(() => parseCommandArgs(generic, ["--id", "x", "--limit", "ten"])).toThrow(UsageError);
    expect(() => parseCommandArgs(generic, ["--id", "x", "--limit", "ten"])).toThrow(/--limit must be a whole number, got "ten"/);
    expect(() => parseCommandArgs(generic, ["--id", "x", "--nope"])).toThrow('list-things: unknown option "--nope" (see thulium-chat list-things --help)');
    expect(() => parseCommandArgs(generic, ["--id", "x", "--limit"])).toThrow("list-things: --limit needs a value (see thulium-chat list-things --help)");
  });
});
