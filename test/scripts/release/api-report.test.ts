/**
 * The API reports (scripts/release/api-report.ts): `npm run api:check` (run by .ci/run) fails when the surface and
 * the committed report differ, and a report line removed since the release makes the release major.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { apiReports, reportEntries, reportLineChanges } from "../../../scripts/release/api-report.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
let copy: string | undefined;
afterAll(() => (copy ? rm(copy, { recursive: true, force: true }) : undefined));

it("has one report per entry that package.json exports with types", async () => {
  expect((await reportEntries()).map((e) => [e.subpath, e.file])).toEqual([
    [".", "thulium-chat-client.api.md"],
    ["./core", "core.api.md"],
    ["./schema", "schema.api.md"],
    ["./msw", "msw.api.md"],
    ["./opentelemetry", "opentelemetry.api.md"],
  ]);
});

it("finds a committed report that no longer matches the surface, naming its lines, and writes nothing in check mode", async () => {
  copy = await mkdtemp(join(tmpdir(), "thulium-api-report-"));
  await cp(join(root, "api-report"), copy, { recursive: true });
  const file = join(copy, "msw.api.md");
  const report = await readFile(file, "utf8");
  const line = report.split("\n").find((l) => l.startsWith("export function thuliumHandlers"));
  expect(line).toBeDefined();
  await writeFile(file, report.replace(`${line}\n`, ""));
  const [result] = await apiReports({ check: true, reportDir: copy, only: ["./msw"] });
  expect(result).toMatchObject({ changed: true, lines: { added: [line], removed: [] } });
  expect(await readFile(file, "utf8")).not.toContain(line);
}, 120_000);

it("tells lines added (minor) from lines removed or changed (major), comments aside", () => {
  const before = "```ts\n// @public\nexport function a(): void;\nexport const b: 1;\n```\n";
  const after = "```ts\n// @public (changed comment)\nexport function a(x?: string): void;\nexport const b: 1;\nexport const c: 2;\n```\n";
  expect(reportLineChanges(before, after)).toEqual({
    added: ["export function a(x?: string): void;", "export const c: 2;"],
    removed: ["export function a(): void;"],
  });
});
