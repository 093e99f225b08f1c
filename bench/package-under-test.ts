/**
 * How the bench runs the package as a user would: its entry by name
 * (`import('thulium-chat-client')`) and its `thulium-chat` command.
 *
 * package.json exports dist/: the bench builds it with `npm run build` first,
 * so what is measured is what `npm pack` ships.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
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
  // Always rebuild: a stale dist/ would measure code that is no longer in src/.
  const build = spawnSync("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  const entryRuns = spawnSync(process.execPath, ["-e", "import('thulium-chat-client')"], { cwd: ROOT, stdio: "ignore" }).status === 0;
  if (build.status !== 0 || !entryRuns) throw new Error("bench: `npm run build` did not give a package entry that imports under plain node");
  const bin = binPath(readPackageJson());
  const binRuns = bin !== undefined && /\.(c|m)?js$/.test(bin) && existsSync(join(ROOT, bin));
  return {
    cwd: ROOT,
    how: "the package entry and bin as package.json exports them, from dist/ built by `npm run build` for this run",
    cli: binRuns ? { main: join(ROOT, bin as string) } : cliMissing(bin),
    dispose: async () => {},
  };
}

function cliMissing(bin: string | undefined): { skipped: string } {
  return existsSync(join(ROOT, CLI_SOURCE))
    ? { skipped: `${CLI_SOURCE} exists but package.json has no runnable "thulium-chat" bin${bin ? ` (${bin} not built)` : ""}` }
    : { skipped: `the thulium-chat CLI (${CLI_SOURCE}) is not in this checkout` };
}
