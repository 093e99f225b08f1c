/**
 * release:check on a copy of the repository (spec, package.json, CHANGELOG.md, API reports, generated
 * types) with a release recorded from it, then a major change planted in the copy's YAML.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordRelease } from "../../../scripts/release/last-release.js";
import { releaseCheck } from "../../../scripts/release/release-check.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
let copy: string;
/**
 * The copy's versions, far from this repository's own: its CHANGELOG is the real one, which has a section for
 * each release made, and must have none for the raised version.
 */
const BASE = "40.0.0";
const RAISED = "41.0.0";

async function setVersion(version: string) {
  const file = join(copy, "package.json");
  const manifest = JSON.parse(await readFile(file, "utf8"));
  await writeFile(file, JSON.stringify({ ...manifest, version }, null, 2));
}

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), "thulium-release-check-"));
  for (const path of ["openapi", "package.json", "CHANGELOG.md", "api-report", "src/generated/schema.ts"]) {
    await cp(join(root, path), join(copy, path), { recursive: true });
  }
  await setVersion(BASE);
});
afterAll(() => rm(copy, { recursive: true, force: true }));

describe("release:check", () => {
  it("passes with no release recorded yet, saying that the first release has nothing to compare with", async () => {
    const result = await releaseCheck(copy);
    expect(result.ok).toBe(true);
    expect(result.lines).toEqual([
      `release:check: no release is recorded in release/ yet, so nothing to compare with; \`npm run release\` records the first, as ${BASE}.`,
    ]);
  });

  it("passes when nothing changed since the recorded release", async () => {
    await recordRelease(
      { version: BASE, tag: `v${BASE}`, date: "2026-01-01", engines: JSON.parse(await readFile(join(copy, "package.json"), "utf8")).engines },
      copy,
    );
    const result = await releaseCheck(copy);
    expect(result.lines.slice(1)).toEqual(["bump: none"]);
    expect(result.ok).toBe(true);
  }, 60_000);

  it("fails on a planted major change with the version unchanged, listing the change and the bump it needs", async () => {
    const file = join(copy, "openapi/openapi.yaml");
    const yaml = await readFile(file, "utf8");
    expect(yaml).toMatch(/^ {2}\/chats\/queues:\n {4}\$ref: .*\n/m);
    await writeFile(file, yaml.replace(/^ {2}\/chats\/queues:\n {4}\$ref: .*\n/m, ""));
    const result = await releaseCheck(copy);
    expect(result.ok).toBe(false);
    expect(result.lines).toContain("major  /paths/~1chats~1queues/get  operation listChatQueues (GET /chats/queues) removed");
    expect(result.lines).toContain("bump: major");
    expect(result.lines).toContain(`FAIL: package.json's version ${BASE} does not carry a major change over ${BASE}: set it to ${RAISED} or later.`);
  }, 60_000);

  it("still fails with the version raised but no CHANGELOG section naming the change, and passes once it has one", async () => {
    await setVersion(RAISED);
    expect((await releaseCheck(copy)).lines.at(-1)).toBe(`FAIL: CHANGELOG.md has no "## [${RAISED}]" section: add one that lists these changes.`);

    const changelog = join(copy, "CHANGELOG.md");
    const text = await readFile(changelog, "utf8");
    // After the Unreleased entries (which name every operation), so that the section holds only its own.
    await writeFile(changelog, `${text}\n## [${RAISED}]\n\n### Removed\n- A chat queue list.\n`);
    expect((await releaseCheck(copy)).lines.at(-1)).toBe(`FAIL: CHANGELOG.md's section ${RAISED} does not name these major changes: listChatQueues.`);

    await writeFile(changelog, `${text}\n## [${RAISED}]\n\n### Removed\n- \`listChatQueues\`.\n`);
    const result = await releaseCheck(copy);
    expect(result.lines.filter((line) => line.startsWith("FAIL"))).toEqual([]);
    expect(result.ok).toBe(true);
  }, 60_000);
});
