import { describe, expect, it } from "vitest";
import { type Alias, aliases } from "../../src/cli/aliases.js";
import { buildCommands, flagName, isSecret, kebab } from "../../src/cli/commands.js";
import { reservedFlags } from "../../src/cli/flags.js";
import { createThuliumClient } from "../../src/client/create-client.js";
import type { OperationSpec } from "../../src/generated/operations.js";
import { operations } from "../../src/generated/operations.js";

/** What in an alias table does not fit the operations; the CLI trusts the table, so this check is its only guard. */
function aliasProblems(ops: Readonly<Record<string, OperationSpec>>, table: readonly Alias<string>[]): string[] {
  const problems: string[] = [];
  for (const [operationId, op] of Object.entries(ops)) {
    for (const param of op.parameters) {
      const name = flagName(param);
      if (reservedFlags.has(name)) problems.push(`${operationId}: parameter "${param.name}" clashes with the global option --${name}; it has no flag`);
    }
  }
  const names = new Set(Object.keys(ops).map(kebab));
  for (const alias of table) {
    const where = `alias "${alias.command}" (${alias.operationId})`;
    const op = ops[alias.operationId];
    if (!op) {
      problems.push(`${where}: the spec has no such operation`);
      continue;
    }
    if (names.has(alias.command)) problems.push(`${where}: the name is already a command`);
    names.add(alias.command);
    const find = (paramName: string) => op.parameters.find((p) => p.name === paramName);
    const positionals = alias.positionals ?? [];
    for (const [i, entry] of positionals.entries()) {
      const many = entry.endsWith("...");
      if (!find(many ? entry.slice(0, -3) : entry)) problems.push(`${where}: positional "${entry}" is not a parameter of the operation`);
      else if (many && i !== positionals.length - 1) problems.push(`${where}: only the last positional may take many values`);
    }
    const text = alias.requiredText;
    if (text !== undefined && !positionals.includes(text)) problems.push(`${where}: requiredText "${text}" is not one of its positionals`);
    else if (text !== undefined && find(text)?.schema.type !== "string") problems.push(`${where}: requiredText "${text}" is not a string parameter`);
    const flags = new Set(op.parameters.map(flagName));
    for (const [short, paramName] of Object.entries(alias.flags ?? {})) {
      const param = find(paramName);
      if (!param) problems.push(`${where}: flag --${short} names "${paramName}", which is not a parameter of the operation`);
      else if (reservedFlags.has(short) || flags.has(short)) problems.push(`${where}: flag --${short} clashes with another flag`);
      else if (isSecret(param) !== short.endsWith("-stdin"))
        problems.push(`${where}: flag --${short} must end in -stdin exactly when "${paramName}" is a secret`);
      flags.add(short);
    }
  }
  return problems;
}

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
    const { commands } = buildCommands({ listThings }, []);
    expect(aliasProblems({ listThings }, [])).toEqual([]);
    const command = commands.get("list-things");
    expect(command?.operationId).toBe("listThings");
    expect(command?.flags.map((f) => f.name)).toEqual(["limit", "date-from", "user-logins"]);
  });

  it("makes a command of every operation in the generated table", () => {
    const { commands } = buildCommands(operations, aliases);
    for (const operationId of Object.keys(operations)) expect(commands.get(kebab(operationId))?.operationId).toBe(operationId);
  });

  it("calls each command's operation through the client's own method, the alias's too", () => {
    const client = createThuliumClient({ baseUrl: "https://example.invalid/api", username: "u", password: "p" });
    const { commands } = buildCommands(operations, aliases);
    for (const command of commands.values()) {
      expect(command.method(client), command.name).toBe(client[command.operationId as keyof typeof operations]);
    }
    expect(commands.get("stop")?.method(client)).toBe(client.stopChatConversation);
  });

  it("agrees with the alias table: every alias names an operation of the spec and real parameters", () => {
    const { commands } = buildCommands(operations, aliases);
    expect(aliasProblems(operations, aliases)).toEqual([]);
    for (const alias of aliases) expect(commands.get(alias.command)?.operationId).toBe(alias.operationId);
    expect(commands.get("stop")?.variadic).toBe(true);
  });

  it("finds an alias whose operation is not in the table, and makes a command of it when the operation is", () => {
    const table: Alias<string>[] = [{ command: "things", operationId: "listThings", flags: { from: "date_from" } }];
    expect(aliasProblems({}, table)).toEqual(['alias "things" (listThings): the spec has no such operation']);

    expect(aliasProblems({ listThings }, table)).toEqual([]);
    const withOp = buildCommands({ listThings }, table);
    const things = withOp.commands.get("things");
    expect(things?.flags.find((f) => f.name === "from")?.param.name).toBe("date_from");
    expect(things?.alias).toBe(true);
  });

  it("finds alias entries that do not fit the operation", () => {
    const table: Alias<string>[] = [
      { command: "a", operationId: "listThings", positionals: ["nope"] },
      { command: "b", operationId: "listThings", flags: { x: "nope" } },
      { command: "c", operationId: "listThings", positionals: ["limit...", "date_from"] },
      { command: "list-things", operationId: "listThings" },
      { command: "d", operationId: "listThings", positionals: ["limit"], requiredText: "date_from" },
      { command: "e", operationId: "listThings", positionals: ["limit"], requiredText: "limit" },
    ];
    expect(aliasProblems({ listThings }, table)).toEqual([
      'alias "a" (listThings): positional "nope" is not a parameter of the operation',
      'alias "b" (listThings): flag --x names "nope", which is not a parameter of the operation',
      'alias "c" (listThings): only the last positional may take many values',
      'alias "list-things" (listThings): the name is already a command',
      'alias "d" (listThings): requiredText "date_from" is not one of its positionals',
      'alias "e" (listThings): requiredText "limit" is not a string parameter',
    ]);
  });

  it("gives no flag to a parameter that would shadow a global option", () => {
    const clash: OperationSpec = {
      ...listThings,
      operationId: "clash",
      parameters: [{ name: "json", wireName: "json", in: "query", required: false, schema: { type: "boolean" } }],
    };
    const { commands } = buildCommands({ clash }, []);
    expect(commands.get("clash")?.flags).toEqual([]);
    expect(aliasProblems({ clash }, [])[0]).toMatch(/clashes with the global option --json/);
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
    const table: Alias<string>[] = [
      { command: "sub", operationId: "subscribe", flags: { "auth-password-stdin": "http_auth_password" } },
      { command: "bad", operationId: "subscribe", flags: { "auth-password": "http_auth_password", "url-stdin": "url" } },
    ];
    const { commands } = buildCommands({ subscribe }, [table[0] as Alias<string>]);
    expect(commands.get("subscribe")?.flags.map((f) => [f.name, f.secret])).toEqual([
      ["url", false],
      ["http-auth-password-stdin", true],
    ]);
    expect(commands.get("sub")?.flags.find((f) => f.short)).toMatchObject({ name: "auth-password-stdin", secret: true });
    expect(aliasProblems({ subscribe }, table)).toEqual([
      'alias "bad" (subscribe): flag --auth-password must end in -stdin exactly when "http_auth_password" is a secret',
      'alias "bad" (subscribe): flag --url-stdin must end in -stdin exactly when "url" is a secret',
    ]);
  });
});
