/**
 * What a command reads from stdin whole (a secret, a message's text), bounded:
 * a file piped by mistake is refused once the bound is passed, not held in memory.
 */
import type { Readable } from "node:stream";
import { UsageError } from "./failure.js";

/** The longest text read from stdin: far more than a chat message holds. */
export const MAX_TEXT_BYTES = 1024 * 1024;

/** All of `stdin` if it holds at most `maxBytes`; else `undefined`, having stopped reading just past the limit. */
export async function readAtMost(stdin: Readable, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early destroys the stream: nothing more is read.
  for await (const chunk of stdin) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > maxBytes) return undefined;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** A text given as `-` for `where` (`<text>`): all of stdin as UTF-8, without the last line's end; never empty. */
export async function readText(stdin: Readable, where: string): Promise<string> {
  const read = await readAtMost(stdin, MAX_TEXT_BYTES);
  if (read === undefined) throw new UsageError(`${where}: stdin holds more than ${MAX_TEXT_BYTES} bytes; pipe the message alone`);
  const text = read.toString("utf8").replace(/\r?\n$/, "");
  if (text === "") throw new UsageError(`${where}: stdin was empty: a message without text would reach the customer empty`);
  return text;
}
