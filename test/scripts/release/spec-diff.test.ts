/**
 * spec:diff on changes planted in a copy of the bundled spec (test/scripts/release/planted-changes.ts): each is
 * classified by CONTRIBUTING's rules, each line names its JSON pointer, the generated types of the base
 * stay assignable exactly where the rules say so, and each case where api-smart-diff's own class differs
 * from the project's verdict is named here.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LibraryClass, maxBump, type SpecChange, specChanges } from "../../../scripts/release/spec-changes.js";
import { specAtRef, specDiffLines } from "../../../scripts/release/spec-diff.js";
import { typeBreaksOfEach } from "../../../scripts/release/type-compat.js";
import { type Json, loadSpec } from "../../../scripts/spec/spec.js";
import { plantedChanges } from "./planted-changes.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
let base: Json;
const planted = new Map<string, { head: Json; changes: SpecChange[] }>();

beforeAll(async () => {
  base = await loadSpec();
  for (const c of plantedChanges) {
    // A JSON copy: the dereferenced spec shares one object between the uses of a component, a plant changes one.
    const head = JSON.parse(JSON.stringify(base));
    c.plant(head);
    planted.set(c.name, { head, changes: specChanges(base, head) });
  }
});

/** The value at a JSON pointer, or undefined. */
function resolvePointer(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = node !== null && typeof node === "object" ? (node as Json)[key] : undefined;
  }
  return node;
}

describe.each(plantedChanges.map((c) => [c.name, c.bump] as const))("spec:diff on %s", (name, bump) => {
  it(`ends with "bump: ${bump}"`, () => {
    const { changes } = planted.get(name)!;
    const lines = specDiffLines({ changes, typeBreaks: [], bump: maxBump(...changes.map((c) => c.bump)) });
    expect(lines.at(-1)).toBe(`bump: ${bump}`);
    expect(changes.length > 0).toBe(bump !== "none");
  });

  it("names each change's JSON pointer in the bundled spec, and its class", () => {
    const { head, changes } = planted.get(name)!;
    for (const change of changes) {
      expect(change.pointer).toMatch(/^\/(paths|webhooks|components|info)\//);
      expect(resolvePointer(head, change.pointer) ?? resolvePointer(base, change.pointer), change.pointer).toBeDefined();
      expect(specDiffLines({ changes: [change], typeBreaks: [], bump: change.bump })[0]).toBe(`${change.bump.padEnd(5)}  ${change.pointer}  ${change.what}`);
    }
  });
});

it("proves the rule on the generated types: the base's calls and responses still compile exactly where the change is not major", async () => {
  const cases = plantedChanges.map((c) => planted.get(c.name)!);
  const breaks = await typeBreaksOfEach(
    { spec: base },
    cases.map(({ head }) => ({ spec: head })),
  );
  const broken = Object.fromEntries(plantedChanges.map((c, i) => [c.name, (breaks[i] ?? []).map((b) => b.where)]));
  expect(broken).toEqual({
    "an operation removed": expect.arrayContaining(["listChatQueues: request", "listChatQueues: responses"]),
    "a parameter renamed": ["listChats: query parameter names"],
    "an optional parameter made required": ["listChats: request"],
    "a field's type narrowed": ["sendChatMessage: request"],
    "a response field made optional": ["listChats: responses"],
    "a value added to a response enum": ["listChats: responses"],
    "a value removed from a parameter enum": ["deleteChatContent: request"],
    "an operation added": [],
    "an optional parameter added": [],
    "a response field added": [],
    "a value added to a parameter enum": [],
    "a description changed": [],
    "an example changed": [],
    "no change": [],
  });
}, 60_000);

describe("where api-smart-diff's class differs, the project's rules are the verdict", () => {
  const same: Record<LibraryClass, SpecChange["bump"] | undefined> = {
    breaking: "major",
    "non-breaking": "minor",
    annotation: "patch",
    deprecated: "patch",
    unclassified: undefined,
  };
  const differences: [name: string, library: LibraryClass, project: SpecChange["bump"]][] = [
    // An enum where a request field had none narrows its type: a call with any other value stops compiling.
    ["a field's type narrowed", "non-breaking", "major"],
    // An example only documents.
    ["an example changed", "unclassified", "patch"],
  ];

  it.each(differences)("%s: api-smart-diff says %s, the rules say %s", (name, library, project) => {
    const { changes } = planted.get(name)!;
    expect(changes.map((c) => c.library)).toContain(library);
    expect(changes.filter((c) => c.library === library).map((c) => c.bump)).toEqual(expect.arrayContaining([project]));
  });

  it("agrees on every other planted change", () => {
    const listed = new Set(differences.map(([name]) => name));
    for (const c of plantedChanges.filter((p) => !listed.has(p.name))) {
      for (const change of planted.get(c.name)!.changes) expect(same[change.library], `${c.name}: ${change.what}`).toBe(change.bump);
    }
  });
});

describe("npm run spec:diff -- --base <git ref>", () => {
  let repo: string;
  const tsx = join(root, "node_modules/.bin/tsx");
  beforeAll(async () => {
    repo = await mkdtemp(join(tmpdir(), "thulium-spec-diff-"));
    await cp(join(root, "openapi"), join(repo, "openapi"), { recursive: true });
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "ignore" });
    git("init", "-q");
    git("add", ".");
    git("-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-qm", "spec");
  });
  afterAll(() => rm(repo, { recursive: true, force: true }));

  it("reads the base from the ref, and prints each change then the bump", async () => {
    const file = join(repo, "openapi/openapi.yaml");
    const yaml = await readFile(file, "utf8");
    expect(yaml).toMatch(/^ {2}\/chats\/queues:\n {4}\$ref: .*\n/m);
    await writeFile(file, yaml.replace(/^ {2}\/chats\/queues:\n {4}\$ref: .*\n/m, ""));
    expect(await specAtRef("HEAD", repo)).toEqual(await loadSpec(join(root, "openapi/openapi.yaml")));
    const run = spawnSync(tsx, [join(root, "scripts/release/spec-diff.ts"), "--base", "HEAD"], { cwd: repo, encoding: "utf8" });
    expect(run.stderr).toBe("");
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^major {2}\/paths\/~1chats~1queues\/get +operation listChatQueues \(GET \/chats\/queues\) removed$/);
    expect(lines).toContain(
      "major  types: listChatQueues: responses no longer compiles against the base's: Property 'listChatQueues' does not exist on type 'operations'.",
    );
    expect(lines.at(-1)).toBe("bump: major");
  }, 60_000);

  it("refuses a ref that does not exist, saying so", () => {
    const run = spawnSync(tsx, [join(root, "scripts/release/spec-diff.ts"), "--base", "no-such-ref"], { cwd: repo, encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^spec:diff: no spec at git ref "no-such-ref": fatal: /);
  });
});
