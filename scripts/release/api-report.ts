/**
 * The API report of each entry that package.json exports with types (`.`, `/core`, `/schema`, `/msw`), by
 * @microsoft/api-extractor, into api-report/<entry>.api.md: the public surface, so that every change of it
 * shows in review as a diff.
 *
 *   npm run api:report           writes the reports
 *   npm run api:report -- --check  writes nothing; exits 1 naming each report the surface no longer matches
 *
 * It reads the .d.ts that tsc emits with tsconfig.build.json (as `npm run build` does), into a cache under
 * .tmp/api-report/ (git-ignored), incrementally, so that a second run takes seconds.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Extractor, ExtractorConfig, ExtractorLogLevel, type ExtractorMessage } from "@microsoft/api-extractor";

import { apiReportDir, ROOT as root } from "./last-release.js";

const require = createRequire(import.meta.url);
const API_REPORT_DIR = apiReportDir(root);
// Not under node_modules/: api-extractor takes any module there for another package and leaves it unexpanded.
const CACHE = join(root, ".tmp/api-report");

export interface ReportEntry {
  /** The export's key in package.json: `.`, `./core`. */
  subpath: string;
  /** The report's file name: `thulium-chat-client.api.md`, `core.api.md`. */
  file: string;
  /** The `.d.ts` the export's `types` names, relative to dist/. */
  types: string;
}

/** Each export of package.json with types, in its order. */
export async function reportEntries(): Promise<ReportEntry[]> {
  const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { name: string; exports: Record<string, unknown> };
  return Object.entries(manifest.exports).flatMap(([subpath, target]) => {
    const types = typeof target === "object" && target !== null ? (target as Record<string, unknown>).types : undefined;
    if (typeof types !== "string") return [];
    const name = subpath === "." ? manifest.name : subpath.replace(/^\.\//, "").replaceAll("/", "-");
    return [{ subpath, file: `${name}.api.md`, types: types.replace(/^\.\/dist\//, "") }];
  });
}

/** tsc's declarations of src/, as `npm run build` emits them, into the cache. */
function emitDeclarations(): string {
  const out = join(CACHE, "dts");
  const buildInfo = join(CACHE, "tsbuildinfo");
  if (!existsSync(out)) spawnSync("rm", ["-f", buildInfo]);
  const tsc = require.resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", out, "--incremental", "--tsBuildInfoFile", buildInfo], {
    cwd: root,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`api-report: tsc -p tsconfig.build.json failed:\n${result.stdout}${result.stderr}`);
  return out;
}

export interface ReportResult {
  entry: ReportEntry;
  /** Whether the committed report differed from the surface (and, when writing, was rewritten). */
  changed: boolean;
  /** The new report, when it differs. */
  lines: { added: string[]; removed: string[] };
}

export interface ReportOptions {
  /** Write nothing; say which reports the surface no longer matches. */
  check: boolean;
  /** Where the reports are (default api-report/): a test checks a copy. */
  reportDir?: string;
  /** Only these entries (`./msw`); default all. */
  only?: string[];
}

/** Runs api-extractor on every entry: `check` writes nothing and reports which reports are stale. */
export async function apiReports({ check, reportDir = API_REPORT_DIR, only }: ReportOptions): Promise<ReportResult[]> {
  const dts = emitDeclarations();
  const temp = join(CACHE, "report-temp");
  await mkdir(reportDir, { recursive: true });
  const results: ReportResult[] = [];
  for (const entry of await reportEntries()) {
    if (only && !only.includes(entry.subpath)) continue;
    const reportFileName = entry.file.replace(/\.api\.md$/, "");
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: root,
        mainEntryPointFilePath: join(dts, entry.types),
        compiler: {
          // The entry alone, and what it imports: without `files` the program would take in every .ts under the
          // project folder (tests, examples, whatever a test left behind), and a global name there renames an export.
          overrideTsconfig: {
            files: [join(dts, entry.types)],
            compilerOptions: { strict: true, skipLibCheck: true, module: "NodeNext", moduleResolution: "NodeNext", types: ["node"] },
          },
        },
        apiReport: { enabled: true, reportFileName, reportFolder: reportDir, reportTempFolder: temp },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        newlineKind: "lf",
        messages: {
          compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
          // The report itself records each finding (a type used but not exported, …) beside the declaration.
          extractorMessageReporting: {
            default: { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
            "ae-missing-release-tag": { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
          },
          tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
        },
      },
      configObjectFullPath: undefined,
      packageJsonFullPath: join(root, "package.json"),
    });
    const errors: string[] = [];
    const reportPath = join(reportDir, entry.file);
    const before = existsSync(reportPath) ? await readFile(reportPath, "utf8") : "";
    const result = Extractor.invoke(config, {
      localBuild: !check,
      messageCallback: (message: ExtractorMessage) => {
        if (message.logLevel === ExtractorLogLevel.Error) errors.push(message.formatMessageWithLocation(root));
        message.handled = true;
      },
    });
    if (result.errorCount > 0) throw new Error(`api-report: api-extractor failed on ${entry.subpath}:\n${errors.join("\n")}`);
    const after = await readFile(join(temp, entry.file), "utf8");
    results.push({ entry, changed: result.apiReportChanged || before !== after, lines: reportLineChanges(before, after) });
  }
  await rm(temp, { recursive: true, force: true });
  return results;
}

/** The lines of a report that `after` added and removed, comments and blank lines aside. */
export function reportLineChanges(before: string, after: string): { added: string[]; removed: string[] } {
  const lines = (text: string) => text.split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("//") && !line.startsWith("```"));
  const count = (list: string[]) => list.reduce((m, line) => m.set(line, (m.get(line) ?? 0) + 1), new Map<string, number>());
  const [b, a] = [count(lines(before)), count(lines(after))];
  const only = (x: Map<string, number>, y: Map<string, number>) => [...x].flatMap(([line, n]) => Array(Math.max(0, n - (y.get(line) ?? 0))).fill(line));
  return { added: only(a, b), removed: only(b, a) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes("--check");
  const results = await apiReports({ check });
  const stale = results.filter((r) => r.changed);
  for (const { entry, changed, lines } of results) {
    const state = !changed ? "up to date" : check ? "OUT OF DATE" : "written";
    console.log(`${entry.subpath.padEnd(10)} api-report/${entry.file}: ${state}`);
    if (changed) for (const line of [...lines.removed.map((l) => `  - ${l}`), ...lines.added.map((l) => `  + ${l}`)].slice(0, 40)) console.log(line);
  }
  if (check && stale.length > 0) {
    console.error(
      `\nThe public API changed and ${stale.map((r) => `api-report/${r.entry.file}`).join(", ")} was not updated: run \`npm run api:report\` and commit the report.`,
    );
    process.exit(1);
  }
}
