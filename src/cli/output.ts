/**
 * Human-readable output: `key: value` lines for an object, a table for a list
 * of objects. Whatever the server sent is made printable first, so a value
 * cannot move the cursor or recolour the terminal.
 */

import { printableLine } from "../text/printable-line.js";

const MAX_CELL = 48;
/**
 * The most columns a table shows: past it a line is too wide to read on any terminal. Thulium's widest
 * documented row (the summary report's) has 15; a wider answer is cut, saying so, and --json has it whole.
 */
export const MAX_COLUMNS = 20;
/** Column names left out that the later rows of a table may add to its count: rows of keys never seen twice cannot grow memory. */
const MAX_LEFT_OUT_LATER = 10_000;
/** A value on a line of its own: room for a message, not for one field to flood the terminal. */
const MAX_VALUE = 1000;
const CUT_VALUE = " (cut; --json prints it whole)";
/** Which characters the cleaning of `printableLine` removes or folds, as each is met. */
const unsafe = new Map<string, boolean>();

/**
 * `value` as JSON for stdout, safe on a terminal and the same once parsed: each character the CLI's
 * cleaning (`printableLine`) would remove that JSON.stringify leaves raw (C1 controls, U+2028, bidi controls)
 * is written as a `\uXXXX` escape. Outside ASCII they can stand only inside strings, where the escape
 * means the same character.
 */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value ?? null, null, indent).replace(/[^\x20-\x7e\n]/g, (c) => {
    let hide = unsafe.get(c);
    if (hide === undefined) unsafe.set(c, (hide = printableLine(c) !== c));
    return hide ? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}` : c;
  });
}

export function renderHuman(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? "(none)\n" : value.every(isRow) ? table(value) : value.map(listItem).join("");
  if (value !== null && typeof value === "object") {
    const lines: string[] = [];
    const tables: string[] = [];
    for (const [key, v] of Object.entries(value)) {
      if (Array.isArray(v) && v.length > 0 && v.every(isRow)) tables.push(`${printableLine(key)}:\n${table(v)}`);
      else lines.push(`${printableLine(key, MAX_CELL)}: ${cell(v, MAX_VALUE, CUT_VALUE)}`);
    }
    return [lines.length > 0 ? `${lines.join("\n")}\n` : "", ...tables].join(lines.length > 0 && tables.length > 0 ? "\n" : "");
  }
  return `${cell(value, MAX_VALUE, CUT_VALUE)}\n`;
}

/** An object, which a table shows as a row. */
export function isRow(item: unknown): item is Record<string, unknown> {
  return item !== null && typeof item === "object" && !Array.isArray(item);
}

/** An item of a list that is not of rows, on a line of its own. */
export function listItem(value: unknown): string {
  return `${cell(value, MAX_VALUE, CUT_VALUE)}\n`;
}

/**
 * Columns in first-seen order, at most MAX_COLUMNS of them; nested values as compact JSON, long cells cut.
 * Built in one pass over the rows' keys and cells, whatever their number.
 */
export function table(rows: readonly Record<string, unknown>[]): string {
  const layout = new TableLayout(rows);
  return `${layout.head()}${layout.leftOut.note()}`;
}

/** The columns tables left out, for the line that closes them. */
export class LeftOut {
  private readonly keys = new Set<string>();
  /** How many names it holds at most: raised by each table for its first rows' own, then MAX_LEFT_OUT_LATER more. */
  private most = 0;

  /** A column name of the rows a table was laid out by: already in memory with them, so always counted. */
  addFirst(key: string): void {
    this.keys.add(key);
  }

  /** Counts from now on at most MAX_LEFT_OUT_LATER names of later rows, whose keys may each be new. */
  bound(): void {
    this.most = this.keys.size + MAX_LEFT_OUT_LATER;
  }

  addLater(key: string): void {
    if (this.keys.size < this.most) this.keys.add(key);
  }

  /** One line saying how many columns were not shown, and where to see them; "" when none. */
  note(): string {
    const n = this.keys.size;
    if (n === 0) return "";
    return `(${n >= this.most ? "over " : ""}${n} more column${n === 1 ? "" : "s"} not shown: a table shows at most ${MAX_COLUMNS}; --json prints every field)\n`;
  }
}

/**
 * A table laid out by its first rows: the columns they have (at most MAX_COLUMNS) and the width of each.
 * Later rows can follow as they come, each cell cut to its column's width.
 */
export class TableLayout {
  private readonly columns: readonly string[];
  private readonly shown: ReadonlySet<string>;
  private readonly widths: number[];
  /** The cells of the first rows, until `head` prints them. */
  private grid: string[][];

  constructor(
    first: readonly Record<string, unknown>[],
    readonly leftOut = new LeftOut(),
  ) {
    const keys = new Set<string>();
    for (const row of first) for (const key of Object.keys(row)) keys.add(key);
    const columns: string[] = [];
    for (const key of keys) {
      if (columns.length < MAX_COLUMNS) columns.push(key);
      else leftOut.addFirst(key);
    }
    leftOut.bound();
    this.columns = columns;
    this.shown = new Set(columns);
    this.grid = first.map((row) => columns.map((c) => cell(row[c], MAX_CELL)));
    this.widths = columns.map((c) => width(heading(c)));
    for (const cells of this.grid) for (let i = 0; i < cells.length; i++) this.widths[i] = Math.max(this.widths[i] as number, width(cells[i] as string));
  }

  /** Whether later `rows` fit this layout: each of their keys has a column, or no more columns would be shown. */
  fits(rows: readonly Record<string, unknown>[]): boolean {
    return this.columns.length >= MAX_COLUMNS || rows.every((row) => Object.keys(row).every((key) => this.shown.has(key)));
  }

  /** The header line, then the lines of the rows the table was laid out by. */
  head(): string {
    const text = `${this.line(this.columns.map(heading))}${this.grid.map((cells) => this.line(cells)).join("")}`;
    this.grid = [];
    return text;
  }

  /** A later row's line, each cell cut to its column's width. */
  row(row: Record<string, unknown>): string {
    for (const key of Object.keys(row)) if (!this.shown.has(key)) this.leftOut.addLater(key);
    const last = this.columns.length - 1;
    return this.line(this.columns.map((c, i) => cell(row[c], i === last ? MAX_CELL : (this.widths[i] as number))));
  }

  /** Cells padded to their columns' widths, but the last. */
  private line(cells: readonly string[]): string {
    const last = cells.length - 1;
    return `${cells
      .map((text, i) => (i === last ? text : text.padEnd((this.widths[i] as number) + (text.length - width(text)))))
      .join("  ")
      .trimEnd()}\n`;
  }
}

const heading = (column: string) => printableLine(column, MAX_CELL).toUpperCase();

/** Characters a terminal shows for `text`, counted as code points. */
const width = (text: string) => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

/** `value` cleaned and cut to `max` characters, `cut` said after the ellipsis. */
function cell(value: unknown, max: number, cut = ""): string {
  if (value === undefined || value === null) return "";
  // Cleaned only as far as can show (4 UTF-16 units a character at most cover it): not a whole 2 MiB value for its head.
  const text = printableLine(typeof value === "object" ? JSON.stringify(value) : String(value), 4 * max);
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…${cut}` : text;
}
