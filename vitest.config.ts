import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

/**
 * `npm run test:unit`: the suite, split by what its files need (CONTRIBUTING.md, "How tests and CI run").
 * A file belongs to its folder's project, or to `prism` when it asks for the Prism mock, wherever it sits:
 * a new test file needs no change here. `--project NAME` runs one project. The packed package's tests have
 * configs of their own: test/consumer/ (`npm run test:consumer`) and test/runtimes/ (`npm run test:runtimes`).
 */

const root = fileURLToPath(new URL("./", import.meta.url));

/** Every test file under test/, relative to the root. */
function testFiles(dir = join(root, "test")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules") return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith(".test.ts") ? [relative(root, path).replaceAll("\\", "/")] : [];
  });
}

/** The files that `inject("prismUrl")`: the `prism` project's, and no other project's. */
const PRISM_FILES = testFiles().filter((file) => readFileSync(join(root, file), "utf8").includes('inject("prismUrl")'));
/** The repository's own tooling: the docs portal and its samples, the README, scripts/, the bench's statistics, the install. */
const TOOLING = ["test/docs/**/*.test.ts", "test/scripts/**/*.test.ts", "test/bench/**/*.test.ts", "test/tooling/**/*.test.ts"];
const CLI = ["test/cli/**/*.test.ts"];
/** Run by their own configs, after `npm pack`. */
const PACKED = ["test/consumer/**", "test/runtimes/**"];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    typecheck: { enabled: false },
    // Most files wait on sockets, timers and child processes rather than compute, so more of them run at
    // once than there are cores (Vitest's default is one worker less than the cores: one on 2 cores).
    // Each file still has a process of its own (the default `forks` pool, isolated), so that the tests that
    // measure their process's RSS (test/hostile/hostile.test.ts) see no other file's memory.
    maxWorkers: 4,
    projects: [
      {
        extends: true,
        test: {
          /** The package's code in this process, against servers the test starts (test/fake-thulium/). */
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...PACKED, ...CLI, ...TOOLING, ...PRISM_FILES],
        },
      },
      {
        extends: true,
        test: {
          /** The `thulium-chat` command (src/cli/). */
          name: "cli",
          include: CLI,
          exclude: [...configDefaults.exclude, ...PRISM_FILES],
        },
      },
      {
        extends: true,
        test: {
          /** Against the Prism mock of openapi/: the only project that starts it. */
          name: "prism",
          include: PRISM_FILES,
          globalSetup: ["test/prism-mock.ts"],
          setupFiles: ["test/prism-ready.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "tooling",
          include: TOOLING,
          exclude: [...configDefaults.exclude, ...PRISM_FILES],
        },
      },
    ],
  },
});
