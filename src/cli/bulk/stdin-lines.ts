/**
 * The values of stdin (`stop - < ids.txt`): one a line, streamed as the run
 * takes them, each line held to MAX_LINE_BYTES whatever is piped in. A file
 * redirected to stdin is also counted alongside, for the progress line's
 * total.
 */
import { createReadStream, fstatSync } from "node:fs";
import type { Readable } from "node:stream";
import { UsageError } from "../failure.js";
import { echo } from "./echo.js";
import { type Item, newItem } from "./item.js";
import { SeenValues } from "./seen-values.js";

/**
 * The longest line of stdin taken as a value, in bytes. The ids these commands take are UUIDs, 36
 * bytes; 4 KiB leaves room for any id Thulium might use, spaces, a BOM and a CR, and keeps what a
 * line without an end (a binary file piped in by mistake) costs to 4 KiB. A longer line is reported
 * as invalid and never sent.
 */
export const MAX_LINE_BYTES = 4096;

/** The values of stdin's lines, streamed; a line too long to be one comes with its problem. */
export async function* stdinItems(stdin: Readable): AsyncGenerator<Item> {
  for await (const line of boundedLines(stdin)) {
    if (line.bytes > MAX_LINE_BYTES) {
      const problem = new UsageError(`line ${line.number} has ${line.bytes} bytes, more than an id can (at most ${MAX_LINE_BYTES}); it was not sent`);
      yield newItem(echo(line.text), problem);
      continue;
    }
    const value = line.text.trim();
    if (value !== "") yield newItem(value);
  }
}

/**
 * When stdin is a file (`< ids.txt`), counts its lines holding values not `done`, reading it from
 * its start without moving the offset the run reads from; `undefined` for a pipe or a terminal.
 * Destroy `file` to stop counting.
 */
export function countStdinFile(stdin: Readable, done: ReadonlySet<string>): { file: Readable; left: Promise<number> } | undefined {
  const fd = (stdin as { fd?: unknown }).fd;
  if (typeof fd !== "number" || !fstatSync(fd).isFile()) return undefined;
  // Positional reads from the start: the offset stdin is read from does not move.
  const file = createReadStream("", { fd, start: 0, autoClose: false });
  return { file, left: countLeft(file, done) };
}

/** How many lines of `file` hold values not `done`, each value counted once. */
async function countLeft(file: Readable, done: ReadonlySet<string>): Promise<number> {
  let left = 0;
  const seen = new SeenValues();
  for await (const line of boundedLines(file)) {
    const value = line.text.trim();
    if (line.bytes > MAX_LINE_BYTES || (value !== "" && !done.has(value) && seen.first(value))) left++;
  }
  return left;
}

interface Line {
  number: number;
  /** The line, or its first MAX_LINE_BYTES bytes. */
  text: string;
  /** Its whole length. */
  bytes: number;
}

/**
 * The lines of `input`, ended by LF, CR or CRLF (blank lines come too), each holding at most
 * MAX_LINE_BYTES bytes and counting the rest: memory stays bounded whatever is piped in. The
 * stream is read as lines are taken, so a long list is never held in memory.
 */
async function* boundedLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let kept = 0;
  let bytes = 0;
  let number = 0;
  /** The last chunk ended with CR: an LF opening the next one ends no line. */
  let afterCr = false;
  const take = (piece: Buffer) => {
    bytes += piece.length;
    if (kept >= MAX_LINE_BYTES || piece.length === 0) return;
    // A copy: a view would keep the whole chunk alive.
    const taken = Buffer.from(piece.subarray(0, MAX_LINE_BYTES - kept));
    parts.push(taken);
    kept += taken.length;
  };
  const line = (): Line => {
    const ended = { number: ++number, text: Buffer.concat(parts).toString("utf8"), bytes };
    parts = [];
    kept = bytes = 0;
    return ended;
  };
  for await (const chunk of input) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    let from = afterCr && buffer[0] === 0x0a ? 1 : 0;
    afterCr = false;
    // The next LF and CR, each searched for again only once passed, so a chunk is scanned once.
    let lf = buffer.indexOf(0x0a, from);
    let cr = buffer.indexOf(0x0d, from);
    while (from < buffer.length) {
      if (lf !== -1 && lf < from) lf = buffer.indexOf(0x0a, from);
      if (cr !== -1 && cr < from) cr = buffer.indexOf(0x0d, from);
      const at = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (at === -1) {
        take(buffer.subarray(from));
        break;
      }
      take(buffer.subarray(from, at));
      yield line();
      from = at + 1;
      if (at === cr) {
        if (at + 1 === buffer.length) afterCr = true;
        else if (buffer[at + 1] === 0x0a) from++;
      }
    }
  }
  if (bytes > 0) yield line();
}
