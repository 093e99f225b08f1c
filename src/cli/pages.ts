/** `--all`: every item of a paged list, from the client's page iterator; one JSON line per item, or one table at the end. */
import { EXIT } from "./failure.js";
import { jsonText, renderHuman } from "./output.js";

export interface PagesOutput {
  readonly json: boolean;
  /** The item as printed: its secrets masked, unless --show-secrets. */
  shown(item: unknown): unknown;
  readonly stdout: { write(text: string): boolean; once(event: "drain", listener: () => void): unknown };
}

export async function printPages(items: AsyncIterable<unknown>, { json, shown, stdout }: PagesOutput): Promise<number> {
  const rows: unknown[] = [];
  for await (const raw of items) {
    const item = shown(raw);
    if (!json) rows.push(item);
    else if (!stdout.write(`${jsonText(item)}\n`)) await new Promise<void>((resolve) => stdout.once("drain", () => resolve()));
  }
  if (!json) stdout.write(renderHuman(rows));
  return EXIT.ok;
}
