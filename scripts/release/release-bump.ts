/**
 * The bump the working tree needs over a recorded release: its spec diff (with the type proof), its API
 * reports (a line of a report removed or changed is major, lines only added are minor) and its `engines`
 * (any change is major: dropping a Node.js line is, and widening it is rare enough to decide by hand).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadSpec, specFileIn } from "../spec/spec.js";
import { reportLineChanges } from "./api-report.js";
import { apiReportDir, type LastRelease, readReports } from "./last-release.js";
import { type Bump, maxBump } from "./spec-changes.js";
import { type SpecDiff, specDiff, specDiffLines } from "./spec-diff.js";

export interface ReleaseBump {
  spec: SpecDiff;
  /** One line per API report line added or removed since the release, with its class. */
  surface: { bump: Bump; line: string }[];
  bump: Bump;
  /** What each change is, for messages; `bump: …` last. */
  lines: string[];
  /** The names a CHANGELOG must mention: each major change's operation, parameter, field or enum value. */
  majorNames: string[];
}

/** What the repository at `root` changed since `release`. */
export async function releaseBump(root: string, release: LastRelease): Promise<ReleaseBump> {
  const spec = await specDiff({ spec: release.spec, types: release.types }, { spec: await loadSpec(specFileIn(root)) });
  const reports = await readReports(apiReportDir(root));
  const surface: ReleaseBump["surface"] = [];
  for (const file of new Set([...Object.keys(release.reports), ...Object.keys(reports)])) {
    const { added, removed } = reportLineChanges(release.reports[file] ?? "", reports[file] ?? "");
    for (const line of removed) surface.push({ bump: "major", line: `api-report/${file}: - ${line.trim()}` });
    for (const line of added) surface.push({ bump: "minor", line: `api-report/${file}: + ${line.trim()}` });
  }
  const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { engines?: Record<string, string> };
  if (JSON.stringify(manifest.engines ?? {}) !== JSON.stringify(release.info.engines ?? {})) {
    surface.push({ bump: "major", line: `package.json engines: ${JSON.stringify(release.info.engines)} → ${JSON.stringify(manifest.engines)}` });
  }
  const bump = maxBump(spec.bump, ...surface.map((s) => s.bump));
  const specLines = specDiffLines(spec).slice(0, -1);
  const lines = [...specLines, ...surface.map((s) => `${s.bump.padEnd(5)}  ${s.line}`), `bump: ${bump}`];
  const majorNames = [...new Set(spec.changes.filter((c) => c.bump === "major").map((c) => c.name))];
  return { spec, surface, bump, lines, majorNames };
}
