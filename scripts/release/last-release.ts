/**
 * The last release, kept in the repository under release/ so that a clone of one branch knows it without
 * tags or a network: release.json (its version, tag, date and engines), openapi.json (the spec bundled as
 * the package shipped it), schema.ts (the generated types consumers compiled against) and api-report/ (the
 * public surface). `npm run release` writes it; spec:diff and release:check read it.
 */
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Json, loadSpec, specFileIn } from "../spec/spec.js";

/** The repository's root: every function here takes another, so that tests work on a copy. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Where a repository keeps its last release and its API reports. */
export const releaseDir = (root: string) => join(root, "release");
export const apiReportDir = (root: string) => join(root, "api-report");

export interface ReleaseInfo {
  version: string;
  tag: string;
  date: string;
  engines: Record<string, string>;
}

export interface LastRelease {
  info: ReleaseInfo;
  /** The released spec, dereferenced as `loadSpec` gives it. */
  spec: Json;
  /** The released generated types. */
  types: string;
  /** Each released API report by file name (`core.api.md`). */
  reports: Record<string, string>;
}

/** The API reports in `dir` by file name; none when it does not exist. */
export async function readReports(dir: string): Promise<Record<string, string>> {
  const reports: Record<string, string> = {};
  if (!existsSync(dir)) return reports;
  for (const file of (await readdir(dir)).sort()) reports[file] = await readFile(join(dir, file), "utf8");
  return reports;
}

/** The release recorded in the repository at `root`, undefined when none is. */
export async function lastRelease(root: string = ROOT): Promise<LastRelease | undefined> {
  const dir = releaseDir(root);
  if (!existsSync(join(dir, "release.json"))) return undefined;
  const info = JSON.parse(await readFile(join(dir, "release.json"), "utf8")) as ReleaseInfo;
  const reports = await readReports(join(dir, "api-report"));
  return { info, spec: await loadSpec(join(dir, "openapi.json")), types: await readFile(join(dir, "schema.ts"), "utf8"), reports };
}

/** Records the spec, generated types and API reports of the repository at `root` as the release `info`. */
export async function recordRelease(info: ReleaseInfo, root: string = ROOT): Promise<void> {
  const dir = releaseDir(root);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "release.json"), `${JSON.stringify(info, null, 2)}\n`);
  await writeFile(join(dir, "openapi.json"), `${JSON.stringify(await loadSpec(specFileIn(root), { dereference: false }), null, 2)}\n`);
  await cp(join(root, "src/generated/schema.ts"), join(dir, "schema.ts"));
  await cp(apiReportDir(root), join(dir, "api-report"), { recursive: true });
}
