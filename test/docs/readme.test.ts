/** The README's operations table is the spec's: regenerated here and compared. */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { END, renderOperationsTable, START, withTable } from "../../scripts/docs/operations-table.js";
import { aliases } from "../../src/cli/aliases.js";
import { parseCommandArgs } from "../../src/cli/args.js";
import { buildCommands } from "../../src/cli/commands.js";
import { operations } from "../../src/index.js";

describe("README ## Operations", () => {
  it("matches the spec (run `npm run readme:operations` after changing openapi/)", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
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

describe("docs/guides/webhooks.md ## Webhooks: subscribe, listen, receive", () => {
  it("has TypeScript examples that type-check against the package (src/index.ts), Express's included", async () => {
    const { mkdir, rm, writeFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { fileURLToPath } = await import("node:url");
    const ts = (await import("typescript")).default;
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const guide = await readFile(join(root, "docs/guides/webhooks.md"), "utf8");
    const section = sectionOf(guide, "## Webhooks: subscribe, listen, receive");
    const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks).toHaveLength(2);
    expect(blocks[1]).toContain('from "express"');

    const dir = join(root, "test-results/readme-webhooks");
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const files = await Promise.all(
      blocks.map(async (text, i) => {
        const file = join(dir, `block-${i}.ts`);
        await writeFile(file, text);
        return file;
      }),
    );
    const config = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    if (!config) throw new Error("tsconfig.json does not parse");
    const program = ts.createProgram(files, { ...config.options, noEmit: true });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file?.fileName.slice(root.length) ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(diagnostics).toEqual([]);
  }, 60_000);
});

describe("docs/guides/cli.md ## Bulk runs", () => {
  it("shows the journal-and-resume workflow with commands and flags the CLI has", async () => {
    const guide = await readFile(new URL("../../docs/guides/cli.md", import.meta.url), "utf8");
    const section = sectionOf(guide, "## Bulk runs");
    const commands = [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
      .flatMap((block) => (block[1] as string).split("\n"))
      .filter((line) => line.startsWith("thulium-chat "))
      // Without the comment and the shell's redirections.
      .map((line) =>
        line
          .replace(/\s+#.*$/, "")
          .replace(/\s+[<>]\s*\S+/g, "")
          .split(/\s+/)
          .slice(1),
      );
    expect(commands.some((argv) => argv.includes("--journal"))).toBe(true);
    const { commands: known } = buildCommands(operations, aliases);
    for (const [name, ...rest] of commands) {
      const command = known.get(name as string);
      expect(command?.variadic, `${name} takes many ids`).toBe(true);
      expect(() => parseCommandArgs(command!, rest), `thulium-chat ${name} ${rest.join(" ")}`).not.toThrow();
    }
  });
});

/** The section under `heading` (a line such as "## Bulk runs"), up to the next heading of its level or higher outside code fences. */
function sectionOf(text: string, heading: string): string {
  const lines = text.split("\n");
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const level = heading.indexOf(" ");
  let fenced = false;
  let end = start + 1;
  for (; end < lines.length; end++) {
    const line = lines[end] as string;
    if (/^\s*```/.test(line)) fenced = !fenced;
    const hashes = /^(#+) /.exec(line)?.[1]?.length;
    if (!fenced && hashes !== undefined && hashes <= level) break;
  }
  return lines.slice(start, end).join("\n");
}
