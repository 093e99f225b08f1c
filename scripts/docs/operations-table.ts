/**
 * The README's `## Operations` tables, rendered from the spec. `npm run readme:operations`
 * rewrites them between the marker comments; test/docs/readme.test.ts fails when they drift.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type Json, loadSpec, specOperations } from "../spec/spec.js";

export const START = "<!-- operations:start (generated from openapi/ by `npm run readme:operations`; do not edit) -->";
export const END = "<!-- operations:end -->";
const README = new URL("../../README.md", import.meta.url);

export async function renderOperationsTable(): Promise<string> {
  const spec = await loadSpec();
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();
  const lines = ["| operationId | method | path | idempotent (retried) | summary |", "| --- | --- | --- | --- | --- |"];
  for (const { operationId, path, method, op } of specOperations(spec)) {
    const idempotent = op["x-idempotent"] === true ? "yes" : "no";
    lines.push(`| \`${operationId}\` | ${method.toUpperCase()} | \`${path}\` | ${idempotent} | ${cell(op.summary ?? "")} |`);
  }
  lines.push("", "Chat webhooks, checked by `parseChatWebhook`:", "", "| action | payload type | summary |", "| --- | --- | --- |");
  for (const [name, item] of Object.entries<Json>(spec.webhooks ?? {})) {
    lines.push(`| \`${name}\` | \`ChatWebhookOf<"${name}">\` | ${cell(item.post?.summary ?? "")} |`);
  }
  return lines.join("\n");
}

/** The README with the block between the markers replaced by `table`. */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${START} … ${END}`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = await readFile(README, "utf8");
  await writeFile(README, withTable(readme, await renderOperationsTable()));
  console.log("README.md: operations table updated from openapi/.");
}
