/** The README's operations table is the spec's: regenerated here and compared. */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { END, renderOperationsTable, START, withTable } from "../scripts/operations-table.js";
import { operations } from "../src/index.js";

describe("README ## Operations", () => {
  it("matches the spec (run `npm run readme:operations` after changing openapi/)", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    expect(readme).toContain(START);
    expect(withTable(readme, await renderOperationsTable())).toBe(readme);
  });

  it("lists every operation of the generated table once, with its idempotency", async () => {
    const table = await renderOperationsTable();
    for (const [operationId, op] of Object.entries(operations)) {
      const rows = table.split("\n").filter((line) => line.startsWith(`| \`${operationId}\` |`));
      expect(rows, operationId).toEqual([
        `| \`${operationId}\` | ${op.method} | \`${op.path}\` | ${op.idempotent ? "yes" : "no"} | ${rows[0]?.split(" | ")[4]}`,
      ]);
    }
  });

  it("refuses a README without the markers", () => {
    expect(() => withTable("# no markers", "x")).toThrow(/lacks the markers/);
    expect(withTable(`a\n${START}\nold\n${END}\nb`, "new")).toBe(`a\n${START}\nnew\n${END}\nb`);
  });
});
