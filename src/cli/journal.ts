/**
 * A bulk run's journal (`--journal FILE`): one JSON line per value as soon
 * as its outcome is known, the same record `--json` prints. The file is
 * opened append-only and each line is handed to the OS with one synchronous
 * write before the run goes on, so a crash or `kill -9` loses at most the
 * line being written. Its first line names the operation and the shared
 * parameters, so that a journal is never resumed by a different command.
 * Opening one reads it as a stream and keeps only the set of values done.
 */
import { closeSync, createReadStream, fstatSync, fsyncSync, openSync, readSync, writeSync } from "node:fs";
import { createInterface } from "node:readline";
import { UsageError } from "./failure.js";

/** The first line of a journal. */
interface Header {
  journal: 1;
  operation: string;
  params: Record<string, unknown>;
}

export class Journal {
  private constructor(
    readonly path: string,
    private fd: number | undefined,
    /** Values the journal records as `"ok": true`. */
    readonly done: ReadonlySet<string>,
  ) {}

  /**
   * Opens `path` for the run of `operation` with `params`, creating it if need be.
   * `key` is the record's field holding the value (`id`); `warn` gets one line per problem that does not stop the run.
   */
  static async open(path: string, operation: string, params: Readonly<Record<string, unknown>>, key: string, warn: (line: string) => void): Promise<Journal> {
    const header: Header = { journal: 1, operation, params: sorted(params) };
    let fd: number;
    try {
      fd = openSync(path, "a+");
    } catch (err) {
      throw new UsageError(`--journal ${path}: cannot open it for appending: ${(err as Error).message}`);
    }
    try {
      const { done, hasHeader, endsWithNewline } = await read(fd, path, header, key, warn);
      const journal = new Journal(path, fd, done);
      if (!endsWithNewline) journal.append("");
      if (!hasHeader) journal.append(JSON.stringify(header));
      return journal;
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  /** Appends one record; it has reached the OS when this returns. */
  record(record: Readonly<Record<string, unknown>>): void {
    this.append(JSON.stringify(record));
  }

  /** Flushes to disk and closes. */
  close(): void {
    if (this.fd === undefined) return;
    try {
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  private append(line: string): void {
    if (this.fd === undefined) throw new Error(`journal ${this.path} is closed`);
    const bytes = Buffer.from(`${line}\n`, "utf8");
    for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at);
  }
}

async function read(
  fd: number,
  path: string,
  header: Header,
  key: string,
  warn: (line: string) => void,
): Promise<{ done: Set<string>; hasHeader: boolean; endsWithNewline: boolean }> {
  const done = new Set<string>();
  const size = fstatSync(fd).size;
  if (size === 0) return { done, hasHeader: false, endsWithNewline: true };
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  const endsWithNewline = last[0] === 0x0a;

  let lineNumber = 0;
  let hasHeader = false;
  let torn = 0;
  let previous: string | undefined;
  const lines = createInterface({ input: createReadStream(path, { fd, autoClose: false, start: 0, end: size - 1 }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (previous !== undefined) torn += take(previous, false);
    previous = line;
  }
  if (previous !== undefined) torn += take(previous, !endsWithNewline);
  if (torn > 0)
    warn(
      `journal ${path}: ${torn === 1 ? "a line was" : `${torn} lines were`} cut off mid-write by an earlier run; ignored, so ${torn === 1 ? "its id is" : "their ids are"} sent again`,
    );
  return { done, hasHeader, endsWithNewline };

  /** Reads one line; returns 1 when it is torn. */
  function take(line: string, unterminated: boolean): number {
    lineNumber++;
    if (line.trim() === "") return 0;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      // Every line this writes starts with "{"; a torn one is the start of such a line.
      if (line.startsWith("{") || unterminated) return 1;
      throw notJournal(`line ${lineNumber} is not JSON`);
    }
    const record = (parsed && typeof parsed === "object" ? parsed : {}) as Record<string, unknown>;
    if (!hasHeader) {
      if (record.journal !== 1) throw notJournal("it does not start with a journal's first line");
      if (record.operation !== header.operation || JSON.stringify(sorted(record.params)) !== JSON.stringify(header.params)) {
        throw new UsageError(
          `--journal ${path} is the journal of ${String(record.operation)} with ${JSON.stringify(record.params ?? {})}, not of this run ` +
            `(${header.operation} with ${JSON.stringify(header.params)}); give this run a journal of its own`,
        );
      }
      hasHeader = true;
      return 0;
    }
    const value = record[key];
    if (typeof value !== "string" || typeof record.ok !== "boolean") throw notJournal(`line ${lineNumber} is not a journal record`);
    if (record.ok) done.add(value);
    return 0;
  }

  function notJournal(why: string): UsageError {
    return new UsageError(`--journal ${path} is not a thulium-chat journal (${why}); give a new file, or the journal of an earlier run of this command`);
  }
}

/** The object with its keys sorted, so that two runs' parameters compare equal however they were given. */
function sorted(params: unknown): Record<string, unknown> {
  const object = (params && typeof params === "object" ? params : {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((k) => [k, object[k]]),
  );
}
