/**
 * `npm run build` (and `prepack`): what the npm package ships.
 *  - dist/: the JavaScript bundled by esbuild, one file per entry (the main entry, /core, /msw, /opentelemetry, /schema and
 *    the CLI) plus the chunks they share, so that an import reads a handful of files rather than thirty
 *    (27 ms of start-up against 8 ms, measured on Node 24); and the .d.ts files, emitted by tsc
 *    (tsconfig.build.json), one per source file of the library (the CLI's are not an export);
 *  - a source map beside each .js and .d.ts, pointing at src/, which the package ships: a stack trace
 *    (`node --enable-source-maps`, an error tracker) and "go to definition" land in the TypeScript source;
 *  - openapi.yaml: the spec bundled into one file by `redocly bundle`, at the
 *    package root so that `node_modules/thulium-chat-client/openapi.yaml` exists;
 *  - dist/cli/main.js keeps its shebang and is made executable.
 * Outputs are removed first, so nothing stale is ever packed. Every file that
 * package.json's `exports`, `main`, `types` and `bin` name (e.g. `./msw`) must then exist.
 */
import { spawnSync } from "node:child_process";
import { chmod, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile, type OutputFile } from "esbuild";
import { runRedocly } from "../spec/redocly.js";
import { SPEC_FILE } from "../spec/spec.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(import.meta.url);
const DIST_DIR = `${root}dist`;
const BUNDLED_SPEC = `${root}openapi.yaml`;
const CLI_SOURCE = `${root}src/cli/main.ts`;
const CLI_OUTPUT = `${root}dist/cli/main.js`;
/** The package's JavaScript entries; each names its file in package.json's `exports` or `bin`. */
const ENTRIES = ["src/index.ts", "src/core.ts", "src/msw.ts", "src/opentelemetry.ts", "src/schema.ts", "src/cli/main.ts"];

function run(step: string, args: string[]): void {
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off", SCARF_ANALYTICS: "false" },
  });
  if (result.status !== 0) {
    throw new Error(`build: ${step} failed (exit ${result.status ?? result.signal})`);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

await rm(DIST_DIR, { recursive: true, force: true });
await rm(BUNDLED_SPEC, { force: true });

/**
 * The shared chunks that hold no code, which esbuild still writes and imports (evanw/esbuild#2922): a module
 * of re-exports only, such as src/errors/public-errors.ts, shared by two entries, becomes a chunk of its own
 * whose exports are bound to their real chunk, leaving it empty.
 */
function emptyChunks(metafile: Metafile): Set<string> {
  const empty = new Set<string>();
  for (const [path, output] of Object.entries(metafile.outputs)) {
    const code = Object.values(output.inputs).some((input) => input.bytesInOutput > 0);
    if (!output.entryPoint && path.endsWith(".js") && !code && output.imports.length === 0) empty.add(basename(path));
  }
  return empty;
}

/** `files` less the empty chunks (and their maps), with the bare `import "./chunks/…"` of each removed. */
function dropEmptyChunks(files: OutputFile[], empty: Set<string>): { path: string; text: string }[] {
  const kept = files.filter((file) => !empty.has(basename(file.path).replace(/\.map$/, "")));
  return kept.map(({ path, text }) => {
    if (!path.endsWith(".js")) return { path, text };
    // The line is emptied rather than removed, so that the source map's line numbers still hold.
    const bareImport = /^import "\.{1,2}\/(?:[^"]*\/)?([^"/]+\.js)";$/gm;
    return { path, text: text.replace(bareImport, (line, file: string) => (empty.has(file) ? "" : line)) };
  });
}

run("tsc", [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"]);
const bundled = await build({
  entryPoints: ENTRIES.map((entry) => `${root}${entry}`),
  outbase: `${root}src`,
  outdir: DIST_DIR,
  bundle: true,
  // Shared code lands in chunks of its own, so that the entries share one copy of each module (one
  // ThuliumError class for `instanceof`) and an app's bundler can still drop the operations it does not use.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  platform: "neutral",
  target: "es2022",
  // openapi-fetch, msw and @opentelemetry/api are the package's dependencies, node:* the CLI's: the user's install provides them.
  packages: "external",
  external: ["node:*"],
  // Linked maps with `sources` pointing at ../src/, shipped in the package; no sourcesContent, which would
  // be a second copy of src/ (needed anyway by the declaration maps).
  sourcemap: "linked",
  sourcesContent: false,
  metafile: true,
  write: false,
  logLevel: "warning",
});
for (const { path, text } of dropEmptyChunks(bundled.outputFiles, emptyChunks(bundled.metafile))) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

const redocly = runRedocly(["bundle", SPEC_FILE, "--output", BUNDLED_SPEC], root);
if (redocly !== 0) throw new Error(`build: redocly bundle failed (exit ${redocly})`);
const spec = await readFile(BUNDLED_SPEC, "utf8");
await writeFile(BUNDLED_SPEC, `# Bundled from openapi/ by \`npm run build\` (redocly bundle). Do not edit.\n${spec}`);

const source = await readFile(CLI_SOURCE, "utf8");
const output = await readFile(CLI_OUTPUT, "utf8");
if (!source.startsWith("#!")) throw new Error("build: src/cli/main.ts must start with a shebang (#!/usr/bin/env node)");
// esbuild keeps the entry's leading shebang; make sure, since `bin` cannot run without it.
if (!output.startsWith("#!")) throw new Error("build: dist/cli/main.js lost its shebang");
await chmod(CLI_OUTPUT, 0o755);

/** Every path that package.json points at, e.g. `./dist/msw.js` for `thulium-chat-client/msw`. */
function packagePaths(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(packagePaths);
  return [];
}
const manifest = JSON.parse(await readFile(`${root}package.json`, "utf8")) as Record<string, unknown>;
const named = packagePaths([manifest.exports, manifest.main, manifest.types, manifest.typesVersions, manifest.bin]).filter((path) => path !== "./package.json");
const missing: string[] = [];
for (const path of new Set(named)) if (!(await exists(`${root}${path}`))) missing.push(path);
if (missing.length > 0) throw new Error(`build: package.json points at files the build did not write: ${missing.join(", ")}`);

console.error("build: dist/ and openapi.yaml written");
