/**
 * How the bench runs the package as a user would: its entry by name
 * (`import('thulium-chat-client')`) and its `thulium-chat` command.
 *
 * When the package entry and the bin run under plain node (a tsc build in
 * dist/), they are used as they are. Otherwise (the entry is TypeScript in
 * this checkout) src/ is transpiled file by file with esbuild into a temporary
 * package with the same package.json, which is what a per-file tsc build
 * holds, and that is measured instead; `how` says which.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { transform } from "esbuild";
import { ROOT } from "./harness.js";

export interface PackageUnderTest {
  /** Directory to run `node -e "import('thulium-chat-client')"` in. */
  cwd: string;
  how: string;
  /** `node <cliMain> …` runs thulium-chat, or why it cannot. */
  cli: { main: string } | { skipped: string };
  dispose(): Promise<void>;
}

const CLI_SOURCE = "src/cli/main.ts";

function readPackageJson(): { bin?: string | Record<string, string>; exports?: unknown } {
  return JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
}

function binPath(pkg: ReturnType<typeof readPackageJson>): string | undefined {
  return typeof pkg.bin === "string" ? pkg.bin : pkg.bin?.["thulium-chat"];
}

export async function preparePackage(): Promise<PackageUnderTest> {
  const pkg = readPackageJson();
  const entryRuns = spawnSync(process.execPath, ["-e", "import('thulium-chat-client')"], { cwd: ROOT, stdio: "ignore" }).status === 0;
  const bin = binPath(pkg);
  const binRuns = bin !== undefined && /\.(c|m)?js$/.test(bin) && existsSync(join(ROOT, bin));
  if (entryRuns) {
    return {
      cwd: ROOT,
      how: "the package entry as package.json exports it",
      cli: binRuns ? { main: join(ROOT, bin as string) } : cliMissing(bin),
      dispose: async () => {},
    };
  }
  const dir = await mkdtemp(join(tmpdir(), "thulium-pkg-"));
  for (const file of await listTs(join(ROOT, "src"))) {
    const source = readFileSync(file, "utf8");
    const { code } = await transform(source, { loader: "ts", format: "esm", target: "node20", sourcefile: file });
    const out = join(dir, relative(ROOT, file)).replace(/\.ts$/, ".js");
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, code);
  }
  const text = readFileSync(join(ROOT, "package.json"), "utf8").replace(/\.\/src\/([\w/.-]+)\.ts"/g, './src/$1.js"');
  await writeFile(join(dir, "package.json"), text);
  await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  const cliJs = join(dir, CLI_SOURCE.replace(/\.ts$/, ".js"));
  return {
    cwd: dir,
    how: "src/ transpiled file by file by esbuild into a temporary copy of the package (its entry is TypeScript in this checkout; no dist/ build)",
    cli: binRuns ? { main: join(ROOT, bin as string) } : existsSync(cliJs) ? { main: cliJs } : cliMissing(bin),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

function cliMissing(bin: string | undefined): { skipped: string } {
  return existsSync(join(ROOT, CLI_SOURCE))
    ? { skipped: `${CLI_SOURCE} exists but package.json has no runnable "thulium-chat" bin${bin ? ` (${bin} not built)` : ""}` }
    : { skipped: `the thulium-chat CLI (${CLI_SOURCE}) is not in this checkout` };
}

async function listTs(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listTs(path)));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}
