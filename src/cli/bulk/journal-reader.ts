/**
 * Reading a journal an earlier run left: streamed, keeping only the set of
 * values done. What a crash leaves is skipped with a warning, wherever it
 * is: a record cut off mid-write, and the NUL bytes of blocks a power loss
 * left unwritten. A file that is not a journal, or the journal of another
 * command or target, is refused.
 */
import { createReadStream, fstatSync, readSync } from "node:fs";
import { createInterface } from "node:readline";
import { printableLine } from "../../text/printable-line.js";
import { UsageError } from "../failure.js";
import { FORMAT, type JournalHeader, type JournalTarget, sorted } from "./journal-header.js";

export interface JournalRead {
  /** Values the journal records as `"ok": true`. */
  done: Set<string>;
  hasHeader: boolean;
  endsWithNewline: boolean;
}

/** Reads the journal open as `fd` for the run `header` describes; `key` is the record's field holding the value. */
export async function readJournal(fd: number, path: string, header: JournalHeader, key: string, warn: (line: string) => void): Promise<JournalRead> {
  const size = fstatSync(fd).size;
  if (size === 0) return { done: new Set(), hasHeader: false, endsWithNewline: true };
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  const endsWithNewline = last[0] === 0x0a;

  const reading = new JournalReading(path, header, key);
  let previous: string | undefined;
  const lines = createInterface({ input: createReadStream(path, { fd, autoClose: false, start: 0, end: size - 1 }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (previous !== undefined) reading.take(previous, false);
    previous = line;
  }
  if (previous !== undefined) reading.take(previous, !endsWithNewline);
  for (const warning of reading.warnings()) warn(warning);
  return { done: reading.done, hasHeader: reading.hasHeader, endsWithNewline };
}

/** The state of one reading: the values done, the header once seen, and what a crash left. */
class JournalReading {
  readonly done = new Set<string>();
  hasHeader = false;
  private lineNumber = 0;
  /** Records cut off mid-write. */
  private torn = 0;
  /** NUL bytes. */
  private zeros = 0;

  constructor(
    private readonly path: string,
    private readonly header: JournalHeader,
    private readonly key: string,
  ) {}

  /** Reads one line; `unterminated` when it is the last and has no end, as a crash mid-write leaves it. */
  take(line: string, unterminated: boolean): void {
    this.lineNumber++;
    if (line.trim() === "") return;
    if (line.includes("\0")) this.takeZeroed(line);
    else this.takeWhole(line, unterminated);
  }

  warnings(): string[] {
    const { path, torn, zeros } = this;
    const warnings: string[] = [];
    if (torn > 0) {
      warnings.push(
        `journal ${path}: ${torn === 1 ? "a line was" : `${torn} lines were`} cut off mid-write by an earlier run; ignored, so ${torn === 1 ? "its id is" : "their ids are"} sent again`,
      );
    }
    if (zeros > 0)
      warnings.push(`journal ${path}: ${zeros} NUL bytes, as a crash or power loss leaves, were skipped; the ids of records they replaced are sent again`);
    return warnings;
  }

  private takeWhole(line: string, unterminated: boolean): void {
    const parsed = parseJson(line);
    if (parsed === undefined) {
      // Every line this writes starts with "{"; a torn one is the start of such a line.
      if (line.startsWith("{") || unterminated) this.torn++;
      else throw this.notJournal(`line ${this.lineNumber} is not JSON`);
      return;
    }
    const record = asRecord(parsed);
    if (!this.hasHeader) this.takeHeader(record);
    else if (!this.takeRecord(record)) throw this.notJournal(`line ${this.lineNumber} is not a journal record`);
  }

  /**
   * A line with NUL bytes: blocks a crash or power loss left unwritten read as zeros, with records,
   * or parts of records, around them. What comes before the zeros starts a line, so in a journal it
   * starts a record; what comes after them and reads as a record is one, the rest was cut off.
   */
  private takeZeroed(line: string): void {
    const pieces = line.split(/\0+/);
    this.zeros += line.length - pieces.reduce((length, piece) => length + piece.length, 0);
    const head = pieces[0] as string;
    if (head.trim() !== "" && !head.startsWith("{")) throw this.notJournal(`line ${this.lineNumber} is not JSON`);
    for (const piece of pieces) {
      if (piece.trim() === "") continue;
      const parsed = parseJson(piece);
      const record = parsed === undefined ? undefined : asRecord(parsed);
      if (record && !this.hasHeader && record.journal !== undefined) this.takeHeader(record);
      else if (!(record && this.hasHeader && this.takeRecord(record))) this.torn++;
    }
  }

  /** Takes a record of a value; false when `record` is not one. */
  private takeRecord(record: Record<string, unknown>): boolean {
    const value = record[this.key];
    if (typeof value !== "string" || typeof record.ok !== "boolean") return false;
    if (record.ok) this.done.add(value);
    return true;
  }

  /** Takes the first line, refusing the journal of another format, command or target. */
  private takeHeader(record: Record<string, unknown>): void {
    const { path, header } = this;
    if (record.journal === 1) {
      throw new UsageError(
        `--journal ${path} was written by an earlier thulium-chat, whose journals do not record the system or user they were written against, ` +
          "so its ids cannot be trusted as done on this one; give this run a new journal file",
      );
    }
    if (record.journal !== FORMAT) throw this.notJournal("it does not start with a journal's first line");
    if (record.operation !== header.operation || JSON.stringify(sorted(record.params)) !== JSON.stringify(header.params)) {
      throw new UsageError(
        `--journal ${path} is the journal of ${String(record.operation)} with ${JSON.stringify(record.params ?? {})}, not of this run ` +
          `(${header.operation} with ${JSON.stringify(header.params)}); give this run a journal of its own`,
      );
    }
    const differs = targetDifference(record.target, header.target);
    if (differs)
      throw new UsageError(`--journal ${path} was written ${differs}: the ids it records as done are not done here; give this run a new journal file`);
    this.hasHeader = true;
  }

  private notJournal(why: string): UsageError {
    return new UsageError(`--journal ${this.path} is not a thulium-chat journal (${why}); give a new file, or the journal of an earlier run of this command`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asRecord(parsed: unknown): Record<string, unknown> {
  return (parsed && typeof parsed === "object" ? parsed : {}) as Record<string, unknown>;
}

/** What differs between the journal's target and this run's, in words, or `undefined` when they are the same. */
function targetDifference(written: unknown, run: JournalTarget): string | undefined {
  const was = asRecord(written);
  // Read from a file anyone may have edited: printed as one short line.
  const shown = (value: unknown) => JSON.stringify(printableLine(String(value)).slice(0, 200));
  const parts: string[] = [];
  if (was.baseUrl !== run.baseUrl) parts.push(`against ${shown(was.baseUrl)}, and this run goes to ${shown(run.baseUrl)}`);
  if (was.user !== run.user) parts.push(`as the user ${shown(was.user)}, and this run logs in as ${shown(run.user)}`);
  return parts.length === 0 ? undefined : parts.join("; and ");
}
