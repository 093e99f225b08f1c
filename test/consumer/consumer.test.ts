/**
 * The package as a consumer team gets it: the README's "Install it in your app"
 * commands, as written (`npm pack`, which builds, then `npm install
 * ./thulium-chat-client-<version>.tgz` in a fresh project, dependencies from the
 * npm cache only), then type-check, run and mock from what was installed, never
 * from this repository.
 *
 * The project: test/consumer/fixture/ plus the vitest example files of
 * docs/guides/mocking-and-testing.md (Prism and msw), copied word for word.
 */
import { execFile, spawn } from "node:child_process";
import { constants, readFileSync } from "node:fs";
import { access, cp, mkdir, mkdtemp, readdir, readFile, realpath, rename, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, posix, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrismServer, startPrism } from "../../scripts/dev/prism.js";
import { operations } from "../../src/generated/operations.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixture = fileURLToPath(new URL("./fixture/", import.meta.url));
const pexecFile = promisify(execFile);
const CONVERSATION_ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
/** What the consumer project installs next to the tarball, at this repository's versions. */
const CONSUMER_DEV_DEPENDENCIES = ["typescript", "@types/node", "vitest", "@stoplight/prism-cli", "msw"];
const GUIDE_FILES = ["test/thulium-mock.ts", "vitest.config.ts", "test/chat.test.ts", "test/chat-msw.test.ts"];
/** package.json's `engines.node`, e.g. "^20.19.0 || >=22.12.0". */
const ENGINES_NODE = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { engines: { node: string } }).engines.node;
/** The lowest version of each line the range admits ("20.19.0", "22.12.0"): where require() of ESM begins. */
const ENGINES_EDGES = ENGINES_NODE.split("||").map((range) => /^\s*(?:\^|>=)(\d+\.\d+\.\d+)\s*$/.exec(range)?.[1] ?? range.trim());
/**
 * What Node prints when require() loads an ES module on 22.12 (quiet from 22.13 and on 20.19): it still works,
 * and the README says so. Any other line on stderr fails the engines test.
 */
const REQUIRE_ESM_WARNING =
  /^\(node:\d+\) ExperimentalWarning: CommonJS module \S+ is loading ES Module \S+ using require\(\)\.\nSupport for loading ES Module in require\(\) is an experimental feature and might change at any time\n\(Use `node --trace-warnings \.\.\.` to show where the warning was created\)\n$/;

interface PackedFile {
  path: string;
  mode: number;
  size: number;
}

let work: string;
let tarball: string;
let packedFiles: PackedFile[];
let prism: PrismServer | undefined;
let readme: string;
/** docs/guides/mocking-and-testing.md, which the package does not ship: read from this repository. */
let mockingGuide: string;
let version: string;
/** The commands of the README's install section, block by block. */
let installCommands: string[][];

/** An environment without this vitest run's own variables, as a user's shell would have. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("VITEST") && key !== "NODE_ENV" && key !== "TEST" && key !== "FORCE_COLOR") env[key] = value;
  }
  return {
    ...env,
    NO_COLOR: "1",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    REDOCLY_TELEMETRY: "off",
    SCARF_ANALYTICS: "false",
  };
}

interface RunResult {
  code: number;
  output: string;
  stdout: string;
  stderr: string;
}

async function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  try {
    const { stdout, stderr } = await pexecFile(file, args, { cwd, env: { ...cleanEnv(), ...env }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    const [stdout, stderr] = [e.stdout ?? "", e.stderr ?? ""];
    return { code: typeof e.code === "number" ? e.code : 1, output: stdout + stderr, stdout, stderr };
  }
}

async function mustRun(file: string, args: string[], cwd: string): Promise<string> {
  const result = await run(file, args, cwd);
  if (result.code !== 0) throw new Error(`${file} ${args.join(" ")} failed (${result.code}):\n${result.output}`);
  return result.stdout;
}

/** The fenced `ts` blocks of a Markdown text whose first line is `// <file name>`. */
function exampleFiles(text: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const match of text.matchAll(/```ts\n(\/\/ (\S+)\n[\s\S]*?)```/g)) files.set(match[2]!, match[1]!);
  return files;
}

const tsc = () => join(work, "node_modules/typescript/bin/tsc");

/** The `sh` blocks of the README's "Install it in your app" section, without comments or blank lines. */
function installSection(text: string): string[][] {
  const section = /^## Install it in your app\n([\s\S]*?)^## /m.exec(text)?.[1] ?? "";
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
    m[1]!
      .split("\n")
      .map((line) => line.replace(/#.*$/, "").trim())
      .filter(Boolean),
  );
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "thulium-consumer-"));
  ({ version } = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string });
  installCommands = installSection(await readFile(join(root, "README.md"), "utf8"));

  // The README's `npm pack`, in this clone: `prepack` builds dist/ and openapi.yaml, and the tarball lands here.
  const packOutput = await mustRun("npm", ["pack"], root);
  tarball = packOutput.trim().split("\n").pop()!;
  expect(tarball).toBe(`thulium-chat-client-${version}.tgz`);
  await rename(join(root, tarball), join(work, tarball));

  // What went into it (no script runs again: the dist/ just built is what was packed), listed while npm installs it.
  const listed = mustRun("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], root);
  // A lockfile taken from this repository's, so that npm resolves every dependency from the cache `npm ci` filled.
  const ours = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
  const devDependencies = Object.fromEntries(CONSUMER_DEV_DEPENDENCIES.map((name) => [name, ours.devDependencies[name]]));
  const lock = JSON.parse(await readFile(join(root, "package-lock.json"), "utf8"));
  lock.name = "consumer";
  lock.packages[""] = { name: "consumer", devDependencies };
  await writeFile(join(work, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", devDependencies }, null, 2));
  await writeFile(join(work, "package-lock.json"), JSON.stringify(lock, null, 2));
  // The README's `npm install ./thulium-chat-client-<version>.tgz`, word for word; offline through the environment.
  const installed = await run("npm", ["install", `./${tarball}`], work, { npm_config_offline: "true" });
  if (installed.code !== 0) throw new Error(`npm install ./${tarball} failed:\n${installed.output}`);
  const listing = await listed;
  packedFiles = (JSON.parse(listing.slice(listing.indexOf("[\n"))) as { files: PackedFile[] }[])[0]!.files;

  // Prism starts while the project's files are written.
  const started = startPrism({ spec: join(work, "node_modules/thulium-chat-client/openapi.yaml") });
  started.catch(() => undefined); // awaited below
  // The README as the package ships it.
  readme = await readFile(join(work, "node_modules/thulium-chat-client/README.md"), "utf8");
  mockingGuide = await readFile(join(root, "docs/guides/mocking-and-testing.md"), "utf8");
  await cp(fixture, work, { recursive: true });
  for (const [name, text] of exampleFiles(mockingGuide)) {
    await mkdir(dirname(join(work, name)), { recursive: true });
    await writeFile(join(work, name), text);
  }
  prism = await started;
});

afterAll(async () => {
  await prism?.stop();
  if (work && !process.env.KEEP_CONSUMER) await rm(work, { recursive: true, force: true });
});

describe("README: Install it in your app", () => {
  it("says what this test ran: npm ci and npm pack in a clone, then npm install of the tarball by its name", () => {
    expect(installCommands).toEqual([["npm ci", "npm pack"], [`npm install ./thulium-chat-client-${version}.tgz`]]);
  });

  it("names what npm writes into the app's package.json", async () => {
    const app = JSON.parse(await readFile(join(work, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    const entry = `"thulium-chat-client": "${app.dependencies["thulium-chat-client"]}"`;
    expect(entry).toBe(`"thulium-chat-client": "file:thulium-chat-client-${version}.tgz"`);
    expect(readme).toContain(entry);
  });
});

describe("the packed package", () => {
  it("holds only what a consumer needs: no tests, bench, docs, scripts or secrets; src/ as the source maps' target", async () => {
    const paths = packedFiles.map((f) => f.path).sort();
    for (const path of paths) {
      expect(path).toMatch(/^(dist\/.+\.(js|d\.ts)(\.map)?|src\/.+\.ts|openapi\.yaml|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/);
      expect(path).not.toMatch(/(^|\/)(test|tests|bench|docs|scripts|node_modules)\/|\.env|\.npmrc|\.tgz$|secret|\.test\.ts$/i);
    }
    // src/ as this repository has it, no more: the TypeScript the maps of dist/ point at.
    const sources = (await readdir(join(root, "src"), { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => posix.join(relative(root, entry.parentPath).replaceAll("\\", "/"), entry.name))
      .sort();
    expect(paths.filter((path) => path.startsWith("src/"))).toEqual(sources);
    expect(paths).toEqual(
      expect.arrayContaining([
        "dist/index.js",
        "dist/index.d.ts",
        "dist/schema.d.ts",
        "dist/generated/schema.d.ts",
        "dist/msw.js",
        "dist/msw.d.ts",
        "dist/opentelemetry.js",
        "dist/opentelemetry.d.ts",
        "openapi.yaml",
        "package.json",
        "README.md",
        "LICENSE",
        "CHANGELOG.md",
      ]),
    );
  });

  it("ships the CLI executable with its shebang", async () => {
    // Packed with its execute bits (0 when it is missing from the tarball).
    const cli = packedFiles.find((f) => f.path === "dist/cli/main.js");
    expect((cli?.mode ?? 0) & 0o111).not.toBe(0);
    const installed = await readFile(join(work, "node_modules/thulium-chat-client/dist/cli/main.js"), "utf8");
    expect(installed.startsWith("#!/usr/bin/env node")).toBe(true);
    // npm linked the `bin` into the consumer's node_modules/.bin, executable.
    const bin = join(work, "node_modules/.bin/thulium-chat");
    expect(await realpath(bin)).toBe(await realpath(join(work, "node_modules/thulium-chat-client/dist/cli/main.js")));
    await access(bin, constants.X_OK);
    // Run as a user types it, with no `node` in front: the shebang and the execute bit do their work.
    expect(await run(bin, ["--version"], work)).toEqual({ code: 0, output: `${version}\n`, stdout: `${version}\n`, stderr: "" });
  });

  it("ships no empty chunk, and no .d.ts for the CLI, which is a bin and not an export", () => {
    expect(packedFiles.filter((f) => f.path.endsWith(".js") && f.size === 0).map((f) => f.path)).toEqual([]);
    expect(packedFiles.filter((f) => /^dist\/cli\/.*\.d\.ts(\.map)?$/.test(f.path)).map((f) => f.path)).toEqual([]);
    expect(packedFiles.map((f) => f.path)).toContain("dist/cli/main.js");
  });

  it("ships a source map beside every .js and .d.ts, each pointing at files the package ships", async () => {
    const paths = new Set(packedFiles.map((f) => f.path));
    const code = [...paths].filter((path) => /^dist\/.+\.(js|d\.ts)$/.test(path));
    expect(code.filter((path) => !paths.has(`${path}.map`))).toEqual([]);
    const unresolved: string[] = [];
    for (const path of code) {
      const map = JSON.parse(await readFile(join(work, "node_modules/thulium-chat-client", `${path}.map`), "utf8")) as { sources: string[] };
      for (const source of map.sources) if (!paths.has(posix.join(posix.dirname(path), source))) unresolved.push(`${path}.map: ${source}`);
    }
    expect(unresolved).toEqual([]);
  });

  it("ships the spec as one self-contained file", async () => {
    const spec = await readFile(join(work, "node_modules/thulium-chat-client/openapi.yaml"), "utf8");
    expect(spec).toMatch(/^openapi: 3\.1\.0$/m);
    for (const operationId of Object.keys(operations)) expect(spec).toContain(`operationId: ${operationId}`);
    expect(spec).toMatch(/^webhooks:$/m);
    const refs = [...spec.matchAll(/\$ref: ['"]?([^'"\s]+)/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((ref) => !ref!.startsWith("#/"))).toEqual([]);
  });
});

describe("publishing it", () => {
  it("npm publish --dry-run warns of nothing in the package", async () => {
    // --ignore-scripts: dist/ is the one `npm pack` built above. Offline: nothing is sent to a registry.
    // The log level npm's default, whatever `npm run -s` above set.
    const result = await run("npm", ["publish", "--dry-run", "--ignore-scripts", "--offline"], root, { npm_config_loglevel: "notice" });
    expect(result.code, result.output).toBe(0);
    // This machine has no npm login, which is the publisher's business, not the package's.
    const notThepackage = /^npm warn publish This command requires you to be logged in to \S+ \(dry-run\)$/;
    const warnings = result.output.split("\n").filter((line) => /^npm warn/i.test(line) && !notThepackage.test(line));
    expect(warnings).toEqual([]);
    expect(result.output).toContain(`+ thulium-chat-client@${version}`);
  });

  it("passes @arethetypeswrong/cli (ESM-only profile, openapi.yaml left out) and has types under every resolution, node10 too", async () => {
    const attw = join(root, "node_modules/.bin/attw");
    const args = [tarball, "--profile", "esm-only", "--exclude-entrypoints", "./openapi.yaml"];
    // One run, its verdict in its exit code and its findings as JSON.
    const result = await run(attw, [...args, "--format", "json"], work);
    expect(result.code, result.output).toBe(0);
    // The profile ignores node10 (`moduleResolution: node`, which some TypeScript projects still have), where
    // typesVersions must give the subpaths their types; and node16-cjs, where TypeScript before 5.8 sees
    // require() of an ES module, which the engines range supports.
    const json = JSON.parse(result.stdout) as {
      analysis: { problems: { kind: string; entrypoint: string; resolutionKind: string }[] };
    };
    const problems = json.analysis.problems.filter((p) => !(p.kind === "CJSResolvesToESM" && p.resolutionKind === "node16-cjs"));
    expect(problems).toEqual([]);
  });

  it("passes publint --strict", async () => {
    const result = await run(join(root, "node_modules/.bin/publint"), ["--strict", tarball], work);
    expect(result.output).toContain("All good!");
    expect(result.code, result.output).toBe(0);
  });
});

describe.concurrent("a strict TypeScript consumer", () => {
  // One tsc run per resolution over the whole consumer project, with src/type-errors.ts replaced by a copy
  // whose `@ts-expect-error` directives are removed: each marked line must fail with the code its
  // directive names, and nothing else may fail. (tsconfig.run.json compiles the file as written.)
  it.each(["nodenext", "bundler"])(
    "type-checks under moduleResolution %s, rejecting each mistake with the error code it names",
    async (resolution) => {
      const lines = (await readFile(join(fixture, "src/type-errors.ts"), "utf8")).split("\n");
      const expected = new Map<number, string>();
      const stripped = lines.map((line, index) => {
        const directive = /^\s*\/\/ @ts-expect-error (TS\d+)\b/.exec(line);
        if (!directive) return line;
        expected.set(index + 2, directive[1]!); // the line below, 1-based
        return "";
      });
      expect(expected.size).toBeGreaterThanOrEqual(8);

      const configFile = join(work, `tsconfig.${resolution}.json`);
      const config = ts.parseConfigFileTextToJson(configFile, await readFile(configFile, "utf8")).config as { include: string[] };
      const dir = join(work, `stripped-${resolution}`);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, "type-errors.ts"), stripped.join("\n"));
      await writeFile(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          extends: `../tsconfig.${resolution}.json`,
          include: [...config.include.map((p) => `../${p}`), "type-errors.ts"],
          exclude: ["../src/type-errors.ts"],
        }),
      );
      const result = await run(process.execPath, [tsc(), "-p", dir, "--pretty", "false"], work);

      const found = new Map<number, string[]>();
      for (const match of result.output.matchAll(/^stripped-\w+\/type-errors\.ts\((\d+),\d+\): error (TS\d+)/gm)) {
        const line = Number(match[1]);
        found.set(line, [...(found.get(line) ?? []), match[2]!]);
      }
      for (const [line, code] of expected) {
        expect(found.get(line), `line ${line}: ${lines[line - 1]?.trim()}`).toContain(code);
      }
      // Every error is one of the marked mistakes: none in the unmarked lines, the other files or the package's .d.ts.
      const unexpected = result.output
        .split("\n")
        .filter((line) => / error TS\d+/.test(line) && !expected.has(Number(/^stripped-\w+\/type-errors\.ts\((\d+),/.exec(line)?.[1])));
      expect(unexpected).toEqual([]);
      expect(result.code).toBe(2); // tsc: errors found (the marked ones)
      // The messages name the public types, not the internal helpers they are built from.
      expect(result.output).toContain(`parameter of type 'OperationParams<"stopChatConversation">'`);
      expect(result.output).not.toMatch(/\b(WithDates|FlatParams|Simplify|Part|BodyOf)</);
      // The mocking guide's msw example brings msw's own types (about 340 more .d.ts files, all checked under nodenext's
      // skipLibCheck false): some 60 s on a busy 2-core machine, where the test had 60 s for everything.
    },
    180_000,
  );
});

/**
 * The registry's `node@<version>`, fetched into npx's cache once for the tests of that version, which run at
 * the same time: two npx installing one package into the same folder at once can break each other.
 */
const fetchedNodes = new Map<string, Promise<void>>();
function nodeFromRegistry(version: string): Promise<void> {
  let fetched = fetchedNodes.get(version);
  if (!fetched) {
    fetched = mustRun("npx", ["-y", "-p", `node@${version}`, "--", "node", "--version"], work).then(() => undefined);
    fetchedNodes.set(version, fetched);
  }
  return fetched;
}

describe("the installed package at run time, against Prism started from the packed openapi.yaml", () => {
  const CALLS =
    "stopChatConversation, startChatConversation, sendChatMessage, getChatSummaryReport, parseChatWebhook, ThuliumApiError 404, client.api, ThuliumInputError, operations, createChatWebhookHandler";

  beforeAll(async () => {
    await mustRun(process.execPath, [tsc(), "-p", "tsconfig.run.json"], work);
  });

  it("works when loaded with import (ESM)", async () => {
    const stdout = await mustRun(process.execPath, ["out/esm.mjs", prism!.url], work);
    expect(stdout.trim()).toBe(`consumer esm ok: ${CALLS}`);
  });

  it("works when loaded with require()", async () => {
    const stdout = await mustRun(process.execPath, ["out/cjs.cjs", prism!.url], work);
    expect(stdout.trim()).toBe(`consumer cjs ok: ${CALLS}`);
  });

  // The lowest Node of each line `engines` admits, from the registry's `node` package: import and require() both
  // work there (on 20.18 and 22.11, require() of the package fails with ERR_REQUIRE_ESM).
  it.each(
    ENGINES_EDGES.flatMap((node) => [
      [node, "esm.mjs"],
      [node, "cjs.cjs"],
    ]),
  )("works on node %s, the lowest of its line in engines, loaded by out/%s", async (node, script) => {
    expect(node).toMatch(/^\d+\.\d+\.0$/);
    await nodeFromRegistry(node);
    const result = await run("npx", ["-y", "-p", `node@${node}`, "--", "node", `out/${script}`, prism!.url], work);
    expect(result.stdout.trim(), result.output).toBe(`consumer ${script.slice(0, 3)} ok: ${CALLS}`);
    if (result.stderr !== "") expect(result.stderr).toMatch(REQUIRE_ESM_WARNING);
    expect(result.code).toBe(0);
  });

  it("says, when thulium-chat-client/schema is loaded at run time, that it has types only", async () => {
    const message = "thulium-chat-client/schema holds TypeScript types only";
    const imported = await run(process.execPath, ["--input-type=module", "-e", 'await import("thulium-chat-client/schema")'], work);
    expect(imported.stderr).toContain(message);
    const required = await run(process.execPath, ["-e", 'require("thulium-chat-client/schema")'], work);
    expect(required.stderr).toContain(message);
    expect(required.stderr).not.toContain("ERR_PACKAGE_PATH_NOT_EXPORTED");
    expect([imported.code, required.code]).toEqual([1, 1]);
  });

  it("names the TypeScript source in a thrown error's stack under node --enable-source-maps", async () => {
    // An option the client does not know: refused with a ThuliumInputError before anything is sent.
    const script =
      'import { createThuliumClient } from "thulium-chat-client"; createThuliumClient({ system: "acme", username: "u", password: "p", timeout: 5 });';
    const result = await run(process.execPath, ["--enable-source-maps", "--input-type=module", "-e", script], work);
    expect(result.stderr).toMatch(/^ThuliumInputError: .*timeoutMs/m);
    const frames = result.stderr.split("\n").filter((line) => /^\s+at /.test(line));
    expect(frames[0]).toMatch(/\/node_modules\/thulium-chat-client\/src\/[\w/-]+\.ts:\d+:\d+\)$/);
    expect(result.stderr).not.toContain("/dist/chunks/");
  });

  it("runs the installed thulium-chat bin: JSON out, one-line usage error with exit 2", async () => {
    const bin = join(work, "node_modules/.bin/thulium-chat");
    const env = { THULIUM_BASE_URL: prism!.url, THULIUM_USER: "api_user", THULIUM_PASSWORD: "api_pass" };
    const started = await run(bin, ["start", "--queue", "3", "--json"], work, env);
    expect(started.output).toBe(`{\n  "conversation_id": "${CONVERSATION_ID}"\n}\n`);
    expect(started.code).toBe(0);
    const bad = await run(bin, ["delete-content", "bot", CONVERSATION_ID], work, env);
    expect(bad.stdout).toBe("");
    expect(bad.output).toMatch(
      /^thulium-chat: deleteChatContent: parameter "participant" must be one of "user", "customer", "both", got string "bot" \(<participant>\)\n$/,
    );
    expect(bad.code).toBe(2);
  });
});

describe("docs/guides/mocking-and-testing.md", () => {
  it("has the vitest files the consumer project runs: Prism's three and msw's", () => {
    expect([...exampleFiles(mockingGuide).keys()]).toEqual(GUIDE_FILES);
  });

  it("its vitest examples, Prism's globalSetup and msw's setupServer, run word for word in the consumer project", async () => {
    const result = await run(process.execPath, [join(work, "node_modules/vitest/vitest.mjs"), "run"], work);
    expect(result.output, result.output).toMatch(/Tests\s+5 passed \(5\)/);
    expect(result.output).toMatch(/✓ test\/chat-msw\.test\.ts \(2 tests\)/);
    expect(result.code).toBe(0);
  });

  it("its npx command serves the installed package's spec on 127.0.0.1:4010", async (ctx) => {
    const command = /^npx @stoplight\/prism-cli mock .*$/m.exec(mockingGuide)?.[0];
    expect(command).toBe("npx @stoplight/prism-cli mock node_modules/thulium-chat-client/openapi.yaml");
    if (await portInUse(4010)) {
      // Another mock on this machine holds the guide's port; a CI machine must not.
      if (process.env.CI) throw new Error("port 4010 is in use; the guide's command needs it");
      ctx.skip();
    }
    const child = spawn("sh", ["-c", command!], { cwd: work, env: cleanEnv(), detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (c: Buffer) => (log += c.toString()));
    child.stderr.on("data", (c: Buffer) => (log += c.toString()));
    try {
      const deadline = Date.now() + 30_000;
      while (!log.includes("Prism is listening on http://127.0.0.1:4010")) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the guide's command did not start Prism:\n${log}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const response = await fetch(`http://127.0.0.1:4010/chat_conversations/${CONVERSATION_ID}/stop`, {
        method: "POST",
        headers: { Authorization: `Basic ${Buffer.from("api_user:api_pass").toString("base64")}` },
      });
      expect([200, 204]).toContain(response.status);
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      if (child.exitCode === null) process.kill(-child.pid!, "SIGTERM");
      await exited;
    }
  });
});

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
