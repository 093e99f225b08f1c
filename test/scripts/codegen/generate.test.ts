/**
 * The spec-first promise: an operation added to the YAML becomes a typed,
 * validated method after `npm run generate`, with no hand-written code.
 * Works on a copy of the project in a temporary folder.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { generate } from "../../../scripts/codegen/generate.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../../", import.meta.url));
let copy: string;

const newPath = {
  post: {
    operationId: "pingChatConversation",
    summary: "Ping a conversation (test fixture, not a Thulium endpoint)",
    tags: ["Chats"],
    "x-idempotent": true,
    parameters: [{ $ref: "../components/parameters/ConversationId.yaml" }, { name: "loud", in: "query", required: true, schema: { type: "boolean" } }],
    responses: {
      "200": {
        description: "Pong.",
        content: { "application/json": { schema: { type: "object", required: ["pong"], properties: { pong: { type: "boolean" } } } } },
      },
      "404": { $ref: "../components/responses/NotFound.yaml" },
    },
  },
};

async function generateIn(dir: string) {
  return run(process.execPath, ["--import", "tsx", join(dir, "scripts/codegen/generate.ts")], { cwd: dir });
}

async function addPath(dir: string, file: string, path: string, item: unknown) {
  await writeFile(join(dir, "openapi/paths", file), stringify(item));
  const rootFile = join(dir, "openapi/openapi.yaml");
  const spec = parse(await readFile(rootFile, "utf8"));
  spec.paths[path] = { $ref: `paths/${file}` };
  await writeFile(rootFile, stringify(spec));
}

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), "thulium-generate-"));
  for (const entry of ["openapi", "scripts", "src", "package.json", "tsconfig.json"]) await cp(join(root, entry), join(copy, entry), { recursive: true });
  await symlink(join(root, "node_modules"), join(copy, "node_modules"));
});
afterAll(async () => {
  await rm(copy, { recursive: true, force: true });
});

describe("scripts/codegen/generate.ts", () => {
  it("turns a new operation in the YAML into a typed method with no hand-written code", async () => {
    await addPath(copy, "chat_conversations_{id}_ping.yaml", "/chat_conversations/{id}/ping", newPath);
    await generateIn(copy);
    const table = await readFile(join(copy, "src/generated/operations.ts"), "utf8");
    expect(table).toContain("/** Ping a conversation (test fixture, not a Thulium endpoint) */\nexport const pingChatConversation = {");
    // The msw handlers' table: its JSON 200 has no example, which the mock never makes up.
    const examples = await readFile(join(copy, "src/generated/response-examples.ts"), "utf8");
    expect(examples).toContain(`"pingChatConversation": {\n    "200": {\n      "noExample": true\n    },\n    "404": {\n      "body": {`);

    await writeFile(
      join(copy, "src/consumer.ts"),
      [
        `import { createThuliumClient } from "./index.js";`,
        `const thulium = createThuliumClient({ system: "acme", username: "u", password: "p" });`,
        `export const pong: Promise<{ pong: boolean }> = thulium.pingChatConversation({ id: "6ed7c941-2c8a-411e-95d2-338a9f64800a", loud: true });`,
        `// @ts-expect-error loud is a required boolean`,
        `export const wrong = thulium.pingChatConversation({ id: "6ed7c941-2c8a-411e-95d2-338a9f64800a", loud: "yes" });`,
        ``,
      ].join("\n"),
    );
    await writeFile(join(copy, "tsconfig.json"), JSON.stringify({ extends: "./tsconfig.base.json", include: ["src"] }));
    await cp(join(root, "tsconfig.json"), join(copy, "tsconfig.base.json"));
    await run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", copy], { cwd: copy });
  }, 60_000);

  it("fails, naming both places, when two parameters would share a flat name", async () => {
    const clash = structuredClone(newPath) as any;
    clash.post.operationId = "clashingOperation";
    clash.post.parameters.push({ name: "id", in: "query", schema: { type: "string" } });
    await addPath(copy, "clash_{id}.yaml", "/clash/{id}", clash);
    const failure = await generateIn(copy).then(
      () => undefined,
      (err: { stderr: string }) => err,
    );
    expect(failure?.stderr).toContain('clashingOperation: parameter "id" is both in path and in query');
  }, 60_000);
});

/**
 * The validation contract, on a small spec of its own: a schema keyword or
 * format the runtime does not check fails generation, naming the file.
 */
describe("scripts/codegen/generate.ts: the validation contract", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "thulium-contract-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A one-operation spec whose 200 answer is `components/schemas/Answer.yaml`, with `answer` as that file. */
  async function fixture(name: string, answer: unknown, more: Record<string, unknown> = {}, ref: Record<string, unknown> = {}): Promise<string> {
    const root = join(dir, name);
    await mkdir(join(root, "components/schemas"), { recursive: true });
    await writeFile(join(root, "components/schemas/Answer.yaml"), stringify(answer));
    for (const [file, content] of Object.entries(more)) await writeFile(join(root, file), stringify(content));
    const spec = {
      openapi: "3.1.0",
      info: { title: "fixture", version: "1" },
      paths: {
        "/answer": {
          get: {
            operationId: "getAnswer",
            parameters: [{ name: "q", in: "query", schema: { type: "string", format: "password", description: "annotations go", "x-any": 1 } }],
            responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "components/schemas/Answer.yaml", ...ref } } } } },
          },
        },
      },
    };
    await writeFile(join(root, "openapi.yaml"), stringify(spec));
    return join(root, "openapi.yaml");
  }

  async function failure(file: string): Promise<string> {
    return generate(file).then(
      () => "generated",
      (err: Error) => err.message,
    );
  }

  it.each([
    ["oneOf", { oneOf: [{ type: "string" }, { type: "integer" }] }],
    ["anyOf", { anyOf: [{ type: "string" }] }],
    ["const", { const: 5 }],
    ["nullable", { type: "string", nullable: true }],
    ["exclusiveMinimum", { type: "integer", exclusiveMinimum: 0 }],
    ["patternProperties", { type: "object", patternProperties: { "^x": { type: "string" } } }],
  ])("fails on %s, naming the file and the keyword", async (keyword, answer) => {
    const message = await failure(await fixture(`keyword-${keyword}`, { type: "object", properties: { a: answer } }));
    expect(message).toContain(join("components", "schemas", "Answer.yaml"));
    expect(message).toContain("(at .properties.a)");
    expect(message).toContain(`the keyword "${keyword}" is not checked at run time`);
  });

  it("fails on a format it does not check, naming the file of the $ref'd schema, not the one that refers to it", async () => {
    const file = await fixture(
      "format",
      { type: "object", properties: { when: { $ref: "When.yaml" } } },
      { "components/schemas/When.yaml": { type: "string", format: "date-time" } },
    );
    const message = await failure(file);
    expect(message).toMatch(/components[/\\]schemas[/\\]When\.yaml: the format "date-time" is not checked at run time/);
  });

  it("fails on an allOf whose parts disagree, and on a keyword beside a $ref", async () => {
    const conflict = await fixture("conflict", { allOf: [{ type: "string" }, { type: "integer" }] });
    expect(await failure(conflict)).toMatch(/Answer\.yaml: "allOf" gives "type" two values, "string" and "integer"/);
    const beside = await fixture("beside", { type: "object" }, {}, { description: "allowed", type: "object" });
    expect(await failure(beside)).toMatch(/"type" beside \$ref components\/schemas\/Answer\.yaml is not supported/);
  });

  it("merges allOf, drops annotations, turns `password` into `secret`, keeps an example only where a pattern needs it", async () => {
    const file = await fixture("merge", {
      allOf: [
        { type: "object", required: ["a"], properties: { a: { type: "string", pattern: "^\\d+$", examples: ["42"], description: "digits" } } },
        { required: ["b"], properties: { b: { type: "integer", minimum: 1, examples: [3] } }, additionalProperties: false },
      ],
      title: "Answer",
      "x-note": "extensions go too",
    });
    const files = await generate(file);
    const operations = files.find((f) => f.name === "operations.ts")?.text ?? "";
    const entry = operations.slice(operations.indexOf("export const getAnswer = "), operations.indexOf(" as const satisfies OperationSpec;"));
    // The table entry is JSON but for the code it references (`readJson`, reached through the operation).
    expect(entry).toContain('"readJson": readJsonAnswer');
    const table = JSON.parse(entry.replace("export const getAnswer = ", "").replace(/,\n\s*"readJson": readJsonAnswer/, ""));
    expect(table.parameters[0].schema).toEqual({ type: "string", secret: true });
    expect(table.responses).toEqual({
      "200": {
        type: "object",
        required: ["a", "b"],
        properties: { a: { type: "string", pattern: "^\\d+$", example: "42" }, b: { type: "integer", minimum: 1 } },
        additionalProperties: false,
      },
    });
  });
});
