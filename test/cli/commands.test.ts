import { describe, expect, it } from "vitest";
import { type Alias, aliases } from "../../src/cli/aliases.js";
import { buildCommands, kebab } from "../../src/cli/commands.js";
import type { OperationSpec } from "../../src/generated/operations.js";
import { operations } from "../../src/generated/operations.js";

const listThings: OperationSpec = {
  operationId: "listThings",
  summary: "List things",
  method: "GET",
  path: "/things",
  idempotent: true,
  jsonResponse: true,
  parameters: [
    { name: "limit", wireName: "limit", in: "query", required: false, schema: { type: "integer", maximum: 100 } },
    { name: "date_from", wireName: "date_from", in: "query", required: true, schema: { type: "string" } },
    { name: "user_logins", wireName: "user_logins[]", in: "query", required: false, schema: { type: "array", items: { type: "string" } } },
  ],
};

describe("commands from the operation table", () => {
  it("names each operation in kebab-case, with one flag per parameter", () => {
    expect(kebab("stopChatConversation")).toBe("stop-chat-conversation");
    expect(kebab("date_from")).toBe("date-from");
    const { commands, problems } = buildCommands({ listThings }, []);
    expect(problems).toEqual([]);
    const command = commands.get("list-things");
    expect(command?.operationId).toBe("listThings");
    expect(command?.flags.map((f) => f.name)).toEqual(["limit", "date-from", "user-logins"]);
  });

  it("makes a command of every operation in the generated table", () => {
    const { commands } = buildCommands(operations, aliases);
    for (const operationId of Object.keys(operations)) expect(commands.get(kebab(operationId))?.operationId).toBe(operationId);
  });

  it("agrees with the alias table: every alias whose operation exists names real parameters", () => {
    const { problems, commands, unavailable } = buildCommands(operations, aliases);
    expect(problems).toEqual([]);
    for (const alias of aliases) {
      expect(commands.has(alias.command) || unavailable.get(alias.command) === alias.operationId).toBe(true);
    }
    expect(commands.get("stop")?.variadic).toBe(true);
  });

  it("skips an alias whose operation is not in the table, and lights it up when the operation appears", () => {
    const table: Alias[] = [{ command: "things", operationId: "listThings", flags: { from: "date_from" } }];
    const without = buildCommands({}, table);
    expect(without.commands.has("things")).toBe(false);
    expect(without.unavailable.get("things")).toBe("listThings");
    expect(without.problems).toEqual([]);

    const withOp = buildCommands({ listThings }, table);
    const things = withOp.commands.get("things");
    expect(things?.flags.find((f) => f.name === "from")?.param.name).toBe("date_from");
    expect(things?.alias).toBe(true);
  });

  it("reports, without throwing, alias entries that do not fit the operation", () => {
    const table: Alias[] = [
      { command: "a", operationId: "listThings", positionals: ["nope"] },
      { command: "b", operationId: "listThings", flags: { x: "nope" } },
      { command: "c", operationId: "listThings", positionals: ["limit...", "date_from"] },
      { command: "list-things", operationId: "listThings" },
    ];
    const { commands, problems } = buildCommands({ listThings }, table);
    expect(commands.has("a")).toBe(false);
    expect(commands.has("c")).toBe(false);
    expect(commands.get("b")?.flags.some((f) => f.name === "x")).toBe(false);
    expect(problems).toHaveLength(4);
  });

  it("gives no flag to a parameter that would shadow a global option", () => {
    const clash: OperationSpec = {
      ...listThings,
      operationId: "clash",
      parameters: [{ name: "json", wireName: "json", in: "query", required: false, schema: { type: "boolean" } }],
    };
    const { commands, problems } = buildCommands({ clash }, []);
    expect(commands.get("clash")?.flags).toEqual([]);
    expect(problems[0]).toMatch(/clashes with the global option --json/);
  });

  it("makes a secret parameter (format: password) a -stdin switch, and refuses an alias flag that hides it", () => {
    const subscribe: OperationSpec = {
      ...listThings,
      operationId: "subscribe",
      method: "POST",
      parameters: [
        { name: "url", wireName: "url", in: "body", required: true, schema: { type: "string", format: "uri" } },
        { name: "http_auth_password", wireName: "http_auth_password", in: "body", required: false, schema: { type: "string", secret: true } },
      ],
    };
    const table: Alias[] = [
      { command: "sub", operationId: "subscribe", flags: { "auth-password-stdin": "http_auth_password" } },
      { command: "bad", operationId: "subscribe", flags: { "auth-password": "http_auth_password", "url-stdin": "url" } },
    ];
    const { commands, problems } = buildCommands({ subscribe }, table);
    expect(commands.get("subscribe")?.flags.map((f) => [f.name, f.secret])).toEqual([
      ["url", false],
      ["http-auth-password-stdin", true],
    ]);
    expect(commands.get("sub")?.flags.find((f) => f.short)).toMatchObject({ name: "auth-password-stdin", secret: true });
    expect(problems).toEqual([
      'alias "bad" (subscribe): flag --auth-password must end in -stdin exactly when "http_auth_password" is a secret',
      'alias "bad" (subscribe): flag --url-stdin must end in -stdin exactly when "url" is a secret',
    ]);
  });
});
