import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

/**
 * `npm run test:unit`: the suite, split by what its files need (CONTRIBUTING.md, "How tests and CI run").
 * A file belongs to its folder's project, or, wherever it sits, to `prism` when it asks for the Prism mock
 * and to `chromium` when it drives the browser: a new test file needs no change here. `--project NAME` runs one project. The packed package's tests have
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

/** The test files whose text matches `pattern`. */
const filesWith = (pattern: RegExp) => testFiles().filter((file) => pattern.test(readFileSync(join(root, file), "utf8")));
/** The files that `inject("prismUrl")`: the `prism` project's, and no other project's. */
const PRISM_FILES = filesWith(/\binject\("prismUrl"\)/);
/** The files that drive Chromium (through playwright-core): the `chromium` project's. */
const CHROMIUM_FILES = filesWith(/from "playwright-core"/);
/**
 * The files that measure, count or patch what belongs to their process, each in a process of its own: those
 * that measure their own RSS while a hostile server streams at them (`rssGrowth`, test/hostile/rss-growth.ts:
 * a worker that had run other files would start from another baseline), those that watch `console.warn` (the
 * client warns of a drifting field once per process, so a file run after another could see no warning), and
 * those that patch the process's networking (msw's interceptors). The other hostile tests count requests, or
 * measure the child processes they start, and share the unit project's workers.
 */
const ISOLATED_FILES = filesWith(/\brssGrowth\(|spyOn\(console, "warn"\)|from "msw\/node"/);
/** Left out of the folders' projects. */
const BY_CONTENT = [...PRISM_FILES, ...CHROMIUM_FILES, ...ISOLATED_FILES];
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
    // Files wait on sockets, timers and child processes much of the time, so one more runs at once than there
    // are cores (Vitest's default is one less: one on 2 cores, which ran the suite file after file). Not more:
    // the CLI's and the tooling's child processes do compute, and beside four files and the consumer test a
    // CLI run of 10 000 ids passed its 20 s on a shared 2-core machine. VITEST_MAX_WORKERS overrides it.
    maxWorkers: availableParallelism() + 1,
    projects: [
      {
        extends: true,
        test: {
          /** The package's code in this process, against servers the test starts (test/fake-thulium/). */
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...PACKED, ...CLI, ...TOOLING, ...BY_CONTENT],
          // One module graph per worker, not per file (the `forks` pool's processes are reused): loading the
          // client again for each file was a fifth of the project's CPU. What a file cannot share is in `isolated`.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          /** ISOLATED_FILES: each file in a process of its own, as Vitest runs files by default. */
          name: "isolated",
          include: ISOLATED_FILES,
        },
      },
      {
        extends: true,
        test: {
          /** The `thulium-chat` command (src/cli/). */
          name: "cli",
          // One module graph per worker, not per file: the CLI's files share no state but what they reset
          // (each run has its own io), and loading the CLI and the client again for each of them was a tenth
          // of the project's CPU. The unit project stays isolated: its files measure their process's RSS and
          // count the client's once-per-process warnings.
          isolate: false,
          include: CLI,
          exclude: [...configDefaults.exclude, ...BY_CONTENT],
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
          // As the unit project's: the client and the CLI loaded once per worker.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "tooling",
          include: TOOLING,
          // As the CLI's: TypeScript, Redocly and the scripts loaded once per worker, about 9 s of CPU a run.
          isolate: false,
          exclude: [...configDefaults.exclude, ...BY_CONTENT],
        },
      },
      {
        extends: true,
        test: {
          /**
           * The docs portal in headless Chromium. Building the docs and rendering them takes both cores for
           * seconds: beside other files it ran past its 20 s in every full run here. So its files run one at a
           * time, after the other projects' (Vitest runs a project of one worker, isolated, last and alone).
           */
          name: "chromium",
          include: CHROMIUM_FILES,
          maxWorkers: 1,
        },
      },
    ],
  },
});
