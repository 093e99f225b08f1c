/**
 * The spec-first promise: an operation added to the YAML becomes a typed,
 * validated method after `npm run generate`, with no hand-written code.
 * Works on a copy of the project in a temporary folder.
 */
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
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
  return run(process.execPath, ["--import", "tsx", join(dir, "scripts/generate.ts")], { cwd: dir });
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

describe("scripts/generate.ts", () => {
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
