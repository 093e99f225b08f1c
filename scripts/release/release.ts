/**
 * `npm run release`: cuts a release of the committed working tree, publishing nothing.
 *  1. refuses a tree with uncommitted changes, or API reports that no longer match the surface;
 *  2. computes the bump from spec:diff and the API reports against the last release (release/); with no
 *     release recorded yet, the first release is package.json's version as it stands;
 *  3. sets the version (package.json, package-lock.json, src/client/version.ts, the README's): the version
 *     the bump requires (scripts/release/version-rule.ts), or package.json's when a contributor already set a
 *     later one;
 *  4. turns CHANGELOG.md's Unreleased section into that version's;
 *  5. runs `npm publish --dry-run` and fails on any warning it prints, putting every file back;
 *  6. records the release in release/, commits it and tags the commit v<version>.
 * A maintainer then publishes with `git push --follow-tags && npm publish` (CONTRIBUTING, "Versioning").
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { apiReports } from "./api-report.js";
import { changelogSection, cutRelease, hasEntries, UNRELEASED } from "./changelog.js";
import { lastRelease, ROOT, recordRelease } from "./last-release.js";
import { readmeAtVersion } from "./readme-version.js";
import { releaseBump } from "./release-bump.js";
import { compareVersions, nextVersion } from "./version-rule.js";

const root = process.cwd();
const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();

function fail(message: string): never {
  console.error(`release: ${message}`);
  process.exit(1);
}

if (git("status", "--porcelain") !== "") fail("the working tree has uncommitted changes; commit or stash them first (`git status`).");
if (root !== ROOT.replace(/\/$/, "")) fail(`run it at the package's root (${ROOT}), e.g. \`npm run release\`.`);

const stale = (await apiReports({ check: true })).filter((r) => r.changed);
if (stale.length > 0)
  fail(
    `the public API changed and ${stale.map((r) => `api-report/${r.entry.file}`).join(", ")} was not updated: run \`npm run api:report\`, commit, and retry.`,
  );

const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string; engines: Record<string, string> };
const changelog = await readFile(join(root, "CHANGELOG.md"), "utf8");
const release = await lastRelease(root);
let version = manifest.version;
if (release) {
  const bump = await releaseBump(root, release);
  for (const line of bump.lines) console.log(line);
  // Runtime fixes change neither the spec nor the surface: entries under Unreleased make at least a patch.
  const needed = bump.bump === "none" && hasEntries(changelogSection(changelog, UNRELEASED)) ? "patch" : bump.bump;
  if (needed === "none") fail(`nothing changed since ${release.info.version}: no spec, API or CHANGELOG change to release.`);
  const required = nextVersion(release.info.version, needed);
  version = compareVersions(manifest.version, required) >= 0 ? manifest.version : required;
  console.log(`release: ${release.info.version} → ${version} (${needed}${version !== required ? `; package.json already says ${version}` : ""})`);
} else {
  console.log(`release: no release recorded yet; the first is package.json's version, ${version}.`);
}
const tag = `v${version}`;
if (spawnSync("git", ["rev-parse", "-q", "--verify", `refs/tags/${tag}`], { cwd: root }).status === 0) fail(`tag ${tag} exists already.`);
if (!hasEntries(changelogSection(changelog, UNRELEASED)) && !hasEntries(changelogSection(changelog, version))) {
  fail(`CHANGELOG.md's Unreleased section is empty: say what ${version} changes first.`);
}

/** Puts every file the release changed back as committed. */
const restore = () => git("checkout", "--", ".");
try {
  execFileSync("npm", ["version", version, "--no-git-tag-version", "--allow-same-version"], { cwd: root, stdio: "ignore" });
  const versionFile = join(root, "src/client/version.ts");
  const source = await readFile(versionFile, "utf8");
  await writeFile(versionFile, source.replace(/export const VERSION = "[^"]*";/, `export const VERSION = ${JSON.stringify(version)};`));
  const readmeFile = join(root, "README.md");
  await writeFile(readmeFile, readmeAtVersion(await readFile(readmeFile, "utf8"), manifest.version, version));
  const date = new Date().toISOString().slice(0, 10);
  await writeFile(join(root, "CHANGELOG.md"), cutRelease(changelog, version, date));

  console.log("release: npm publish --dry-run");
  // At npm's default log level: under `npm run -s release` npm passes its own `silent` on, hiding the warnings.
  const env: NodeJS.ProcessEnv = { ...process.env, REDOCLY_TELEMETRY: "off", SCARF_ANALYTICS: "false" };
  delete env.npm_config_loglevel;
  const dryRun = spawnSync("npm", ["publish", "--dry-run", "--loglevel", "notice"], { cwd: root, encoding: "utf8", env });
  const output = `${dryRun.stdout}${dryRun.stderr}`;
  // Every warning fails, except the dry run's note that this shell is not logged in to the registry: the
  // maintainer logs in to publish, after this command.
  const warnings = output.split("\n").filter((line) => /^npm warn/i.test(line) && !/requires you to be logged in .*\(dry-run\)/.test(line));
  if (dryRun.status !== 0 || warnings.length > 0) {
    restore();
    fail(
      `npm publish --dry-run ${dryRun.status !== 0 ? `failed (exit ${dryRun.status})` : "warned"}; nothing was released, every file is back as committed:\n${warnings.length > 0 ? warnings.join("\n") : output}`,
    );
  }
  console.log(
    output
      .split("\n")
      .filter((line) => /npm notice (name|version|filename|package size|unpacked size|total files)/.test(line))
      .join("\n"),
  );

  await recordRelease({ version, tag, date, engines: manifest.engines }, root);
  git("add", "-A", "package.json", "package-lock.json", "src/client/version.ts", "README.md", "CHANGELOG.md", "release");
  git("commit", "-q", "-m", `release ${version}`);
  git("tag", "-a", tag, "-m", `thulium-chat-client ${version}`);
} catch (error) {
  restore();
  throw error;
}
console.log(`release: ${version} committed and tagged ${tag}. Publish it with: git push --follow-tags && npm publish`);
