/**
 * Human-readable output: `key: value` lines for an object, a table for a list
 * of objects. Whatever the server sent is made printable first, so a value
 * cannot move the cursor or recolour the terminal.
 */

import { printableLine } from "../text/printable-line.js";

const MAX_CELL = 48;
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
  if (Array.isArray(value))
    return value.length === 0 ? "(none)\n" : isRows(value) ? table(value) : value.map((v) => `${cell(v, MAX_VALUE, CUT_VALUE)}\n`).join("");
  if (value !== null && typeof value === "object") {
    const lines: string[] = [];
    const tables: string[] = [];
    for (const [key, v] of Object.entries(value)) {
      if (Array.isArray(v) && v.length > 0 && isRows(v)) tables.push(`${printableLine(key)}:\n${table(v)}`);
      else lines.push(`${printableLine(key, MAX_CELL)}: ${cell(v, MAX_VALUE, CUT_VALUE)}`);
    }
    return [lines.length > 0 ? `${lines.join("\n")}\n` : "", ...tables].join(lines.length > 0 && tables.length > 0 ? "\n" : "");
  }
  return `${cell(value, MAX_VALUE, CUT_VALUE)}\n`;
}

function isRows(list: unknown[]): list is Record<string, unknown>[] {
  return list.every((item) => item !== null && typeof item === "object" && !Array.isArray(item));
}

/** Columns in first-seen order; nested values as compact JSON, long cells cut. */
export function table(rows: readonly Record<string, unknown>[]): string {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const grid = [columns.map((c) => printableLine(c).toUpperCase()), ...rows.map((row) => columns.map((c) => cell(row[c], MAX_CELL)))];
  const widths = columns.map((_, i) => Math.max(...grid.map((line) => [...(line[i] as string)].length)));
  return `${grid
    .map((line) =>
      line
        .map((text, i) => (i === line.length - 1 ? text : text.padEnd((widths[i] as number) + (text.length - [...text].length))))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`;
}

/** `value` cleaned and cut to `max` characters, `cut` said after the ellipsis. */
function cell(value: unknown, max: number, cut = ""): string {
  if (value === undefined || value === null) return "";
  // Cleaned only as far as can show (4 UTF-16 units a character at most cover it): not a whole 2 MiB value for its head.
  const text = printableLine(typeof value === "object" ? JSON.stringify(value) : String(value), 4 * max);
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…${cut}` : text;
}
