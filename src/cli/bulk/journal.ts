/**
 * A bulk run's journal (`--journal FILE`): one JSON line per value as soon
 * as its outcome is known, the same record `--json` prints. The file is
 * opened append-only and each line is handed to the OS with one synchronous
 * write before the run goes on, so a crash or `kill -9` loses at most the
 * line being written. Its first line names the operation, the shared
 * parameters and the target (base URL and API user, never the password), so
 * that a journal is never resumed by a different command, nor against
 * another system: ids done on staging are not done on production.
 * Opening one reads it as a stream and keeps only the set of values done.
 */
import { closeSync, createReadStream, fstatSync, fsyncSync, openSync, readSync, writeSync } from "node:fs";
import { createInterface } from "node:readline";
import { normalizeOptions, type ThuliumClientOptions } from "../../client/options.js";
import { printableLine } from "../../text/printable-line.js";
import { UsageError } from "../failure.js";

/** Where a run's calls go, and as whom. */
export interface JournalTarget {
  /** The base URL calls go to, as the client resolves it: `--system acme` is `https://acme.thulium.com/api`. */
  baseUrl: string;
  user: string;
}

/** What a journal is of: the first line of the file, with `journal` its format. */
export interface JournalScope {
  operation: string;
  params: Readonly<Record<string, unknown>>;
  target: JournalTarget;
}

/** The journal format; 1 had no target, and is refused (a run cannot tell which system it was written against). */
const FORMAT = 2;

/** The target of a client made with `options`. */
export function journalTarget(options: ThuliumClientOptions): JournalTarget {
  return { baseUrl: normalizeOptions(options).baseUrl, user: options.username ?? "" };
}

export class Journal {
  private constructor(
    readonly path: string,
    private fd: number | undefined,
    /** Values the journal records as `"ok": true`. */
    readonly done: ReadonlySet<string>,
  ) {}

  /**
   * Opens `path` for the run `scope` describes, creating it if need be.
   * `key` is the record's field holding the value (`id`); `warn` gets one line per problem that does not stop the run.
   */
  static async open(path: string, scope: JournalScope, key: string, warn: (line: string) => void): Promise<Journal> {
    const header = { journal: FORMAT, operation: scope.operation, params: sorted(scope.params), target: scope.target };
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
      if (journal.failure) throw new UsageError(`--journal ${path}: cannot write to it: ${journal.failure.message}`);
      return journal;
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  /**
   * Why the journal could not be written (a full disk, a file size limit): once a write fails, no
   * other is tried, so that no record is glued to the part of one already written.
   */
  failure: Error | undefined;

  /** Appends one record; it has reached the OS when this returns true, and false when it cannot be written. */
  record(record: Readonly<Record<string, unknown>>): boolean {
    return this.append(JSON.stringify(record));
  }

  /** Flushes to disk and closes; a failure to flush is kept in `failure`. */
  close(): void {
    if (this.fd === undefined) return;
    try {
      fsyncSync(this.fd);
    } catch (err) {
      this.failure ??= err as Error;
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  private append(line: string): boolean {
    if (this.fd === undefined) throw new Error(`journal ${this.path} is closed`);
    if (this.failure) return false;
    const bytes = Buffer.from(`${line}\n`, "utf8");
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at);
      return true;
    } catch (err) {
      this.failure = err as Error;
      return false;
    }
  }
}

async function read(
  fd: number,
  path: string,
  header: { operation: string; params: Record<string, unknown>; target: JournalTarget },
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
      if (record.journal === 1) {
        throw new UsageError(
          `--journal ${path} was written by an earlier thulium-chat, whose journals do not record the system or user they were written against, ` +
            "so its ids cannot be trusted as done on this one; give this run a new journal file",
        );
      }
      if (record.journal !== FORMAT) throw notJournal("it does not start with a journal's first line");
      if (record.operation !== header.operation || JSON.stringify(sorted(record.params)) !== JSON.stringify(header.params)) {
        throw new UsageError(
          `--journal ${path} is the journal of ${String(record.operation)} with ${JSON.stringify(record.params ?? {})}, not of this run ` +
            `(${header.operation} with ${JSON.stringify(header.params)}); give this run a journal of its own`,
        );
      }
      const differs = targetDifference(record.target, header.target);
      if (differs)
        throw new UsageError(`--journal ${path} was written ${differs}: the ids it records as done are not done here; give this run a new journal file`);
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

/** What differs between the journal's target and this run's, in words, or `undefined` when they are the same. */
function targetDifference(written: unknown, run: JournalTarget): string | undefined {
  const was = (written && typeof written === "object" ? written : {}) as Record<string, unknown>;
  // Read from a file anyone may have edited: printed as one short line.
  const shown = (value: unknown) => JSON.stringify(printableLine(String(value)).slice(0, 200));
  const parts: string[] = [];
  if (was.baseUrl !== run.baseUrl) parts.push(`against ${shown(was.baseUrl)}, and this run goes to ${shown(run.baseUrl)}`);
  if (was.user !== run.user) parts.push(`as the user ${shown(was.user)}, and this run logs in as ${shown(run.user)}`);
  return parts.length === 0 ? undefined : parts.join("; and ");
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
