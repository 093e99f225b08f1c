/**
 * `--all`: every item of a paged list, from the client's page iterator, printed as it comes: one JSON
 * line per item, or a table a page (PAGE_ROWS rows) at a time. The first page lays the table out; the
 * rows of later pages are cut to fit its columns, unless a page has a column the table lacks, which
 * starts a table of its own, so that a field missing from the first page is not hidden from the rest.
 */
import { EXIT } from "./failure.js";
import { isRow, jsonText, LeftOut, listItem, TableLayout } from "./output.js";

/** The rows printed at a time: a full page of `listChats`, the one paged list. */
const PAGE_ROWS = 100;

export interface PagesOutput {
  readonly json: boolean;
  /** The item as printed: its secrets masked, unless --show-secrets. */
  shown(item: unknown): unknown;
  readonly stdout: { write(text: string): boolean; once(event: "drain", listener: () => void): unknown };
}

export async function printPages(items: AsyncIterable<unknown>, { json, shown, stdout }: PagesOutput): Promise<number> {
  const print = async (text: string) => {
    if (text !== "" && !stdout.write(text)) await new Promise<void>((resolve) => stdout.once("drain", () => resolve()));
  };
  const leftOut = new LeftOut();
  let layout: TableLayout | undefined;
  let printed = false;
  let page: unknown[] = [];
  const printPage = async () => {
    const rows = page;
    page = [];
    if (rows.length === 0) return;
    let text: string;
    if (!rows.every(isRow)) {
      layout = undefined;
      text = rows.map(listItem).join("");
    } else if (layout?.fits(rows)) {
      text = rows.map((row) => (layout as TableLayout).row(row)).join("");
    } else {
      const blank = printed ? "\n" : "";
      layout = new TableLayout(rows, leftOut);
      text = `${blank}${layout.head()}`;
    }
    printed = true;
    await print(text);
  };
  for await (const raw of items) {
    const item = shown(raw);
    if (json) await print(`${jsonText(item)}\n`);
    else if (page.push(item) >= PAGE_ROWS) await printPage();
  }
  if (json) return EXIT.ok;
  await printPage();
  await print(printed ? leftOut.note() : "(none)\n");
  return EXIT.ok;
}
