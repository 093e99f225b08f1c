/**
 * How the bench runs the package as a user would: its entry by name
 * (`import('thulium-chat-client')`), the client that entry exports, and its
 * `thulium-chat` command.
 *
 * package.json exports dist/: the bench builds it with `npm run build` first,
 * so what is measured is what `npm pack` ships.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { createThuliumClient } from "../src/index.js";
import { ROOT } from "./harness.js";

/** What the bench uses of the package's main entry. */
export interface ClientEntry {
  createThuliumClient: typeof createThuliumClient;
}

export interface PackageUnderTest {
  /** Directory to run `node -e "import('thulium-chat-client')"` in. */
  cwd: string;
  how: string;
  /** The main entry's file (dist/index.js), for child processes to import. */
  entry: string;
  /** The main entry, imported from `entry`. */
  client: ClientEntry;
  /** `node <cliMain> …` runs thulium-chat, or why it cannot. */
  cli: { main: string } | { skipped: string };
  dispose(): Promise<void>;
}

const CLI_SOURCE = "src/cli/main.ts";

function readPackageJson(): { bin?: string | Record<string, string>; exports?: { ".": { import: string } } } {
  return JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
}

function binPath(pkg: ReturnType<typeof readPackageJson>): string | undefined {
  return typeof pkg.bin === "string" ? pkg.bin : pkg.bin?.["thulium-chat"];
}

export async function preparePackage(): Promise<PackageUnderTest> {
  // Always rebuild: a stale dist/ would measure code that is no longer in src/.
  const build = spawnSync("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  const entryRuns = spawnSync(process.execPath, ["-e", "import('thulium-chat-client')"], { cwd: ROOT, stdio: "ignore" }).status === 0;
  if (build.status !== 0 || !entryRuns) throw new Error("bench: `npm run build` did not give a package entry that imports under plain node");
  const pkg = readPackageJson();
  const bin = binPath(pkg);
  const binRuns = bin !== undefined && /\.(c|m)?js$/.test(bin) && existsSync(join(ROOT, bin));
  const entry = join(ROOT, pkg.exports?.["."].import ?? "dist/index.js");
  return {
    cwd: ROOT,
    how: "the package entry and bin as package.json exports them, from dist/ built by `npm run build` for this run",
    entry,
    client: await importClient(entry),
    cli: binRuns ? { main: join(ROOT, bin as string) } : cliMissing(bin),
    dispose: async () => {},
  };
}

function cliMissing(bin: string | undefined): { skipped: string } {
  return existsSync(join(ROOT, CLI_SOURCE))
    ? { skipped: `${CLI_SOURCE} exists but package.json has no runnable "thulium-chat" bin${bin ? ` (${bin} not built)` : ""}` }
    : { skipped: `the thulium-chat CLI (${CLI_SOURCE}) is not in this checkout` };
}

export async function importClient(entry: string): Promise<ClientEntry> {
  const client = (await import(pathToFileURL(entry).href)) as Partial<ClientEntry>;
  if (typeof client.createThuliumClient !== "function") throw new Error(`bench: ${entry} does not export createThuliumClient`);
  return client as ClientEntry;
}
