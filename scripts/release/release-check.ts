/**
 * `npm run release:check` (run by .ci/run): when the working tree differs from the last release (release/),
 * package.json's version must carry at least the bump the changes need over the release's version
 * (scripts/release/version-rule.ts), and CHANGELOG.md must have a section for that version naming each major
 * change. With no release recorded yet it passes, saying so: `npm run release` records the first.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { changelogSection } from "./changelog.js";
import { lastRelease, ROOT } from "./last-release.js";
import { type ReleaseBump, releaseBump } from "./release-bump.js";
import { carries, nextVersion } from "./version-rule.js";

export interface CheckResult {
  ok: boolean;
  /** What to print, problems last. */
  lines: string[];
  bump?: ReleaseBump;
}

/** The check on the repository at `root` against its last release. */
export async function releaseCheck(root: string = ROOT): Promise<CheckResult> {
  const release = await lastRelease(root);
  const { version } = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string };
  if (!release) {
    return {
      ok: true,
      lines: [`release:check: no release is recorded in release/ yet, so nothing to compare with; \`npm run release\` records the first, as ${version}.`],
    };
  }
  const bump = await releaseBump(root, release);
  const released = release.info.version;
  const lines = [`release:check: last release ${released} (release/), package.json ${version}`, ...bump.lines];
  const problems: string[] = [];
  if (!carries(version, released, bump.bump)) {
    problems.push(
      `package.json's version ${version} does not carry a ${bump.bump} change over ${released}: set it to ${nextVersion(released, bump.bump)} or later.`,
    );
  }
  if (bump.bump !== "none") {
    const section = changelogSection(await readFile(join(root, "CHANGELOG.md"), "utf8"), version);
    if (section === undefined) problems.push(`CHANGELOG.md has no "## [${version}]" section: add one that lists these changes.`);
    else {
      const unnamed = bump.majorNames.filter((name) => !section.includes(name));
      if (unnamed.length > 0) problems.push(`CHANGELOG.md's section ${version} does not name these major changes: ${unnamed.join(", ")}.`);
    }
  }
  return { ok: problems.length === 0, lines: [...lines, ...problems.map((p) => `FAIL: ${p}`)], bump };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await releaseCheck(process.cwd());
  for (const line of result.lines) (result.ok ? console.log : console.error)(line);
  process.exit(result.ok ? 0 : 1);
}
