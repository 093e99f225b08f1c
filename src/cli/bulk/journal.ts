/**
 * A bulk run's journal (`--journal FILE`): one JSON line per value as soon
 * as its outcome is known, the same record `--json` prints. The file is
 * opened append-only and each line is handed to the OS with one synchronous
 * write before the run goes on, so a crash or `kill -9` loses at most the
 * line being written. Its first line names the operation, the shared
 * parameters and the target (base URL and API user, never the password), so
 * that a journal is never resumed by a different command, nor against
 * another system (journal-header.ts). Opening one locks it for this run
 * (journal-lock.ts) and reads it as a stream, keeping only the set of values
 * done (journal-reader.ts).
 */
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { UsageError } from "../failure.js";
import { type JournalScope, journalHeader } from "./journal-header.js";
import { JournalLock } from "./journal-lock.js";
import { readJournal } from "./journal-reader.js";

export { type JournalScope, type JournalTarget, journalTarget } from "./journal-header.js";

export class Journal {
  private constructor(
    readonly path: string,
    private fd: number | undefined,
    /** Values the journal records as `"ok": true`. */
    readonly done: ReadonlySet<string>,
    private readonly lock: JournalLock,
  ) {}

  /**
   * Opens `path` for the run `scope` describes, creating it if need be, and locks it for this run.
   * `key` is the record's field holding the value (`id`); `warn` gets one line per problem that does not stop the run.
   */
  static async open(path: string, scope: JournalScope, key: string, warn: (line: string) => void): Promise<Journal> {
    const header = journalHeader(scope);
    let fd: number;
    try {
      fd = openSync(path, "a+");
    } catch (err) {
      throw new UsageError(`--journal ${path}: cannot open it for appending: ${(err as Error).message}`);
    }
    let lock: JournalLock | undefined;
    try {
      lock = await JournalLock.take(path, warn);
      const { done, hasHeader, endsWithNewline } = await readJournal(fd, path, header, key, warn);
      const journal = new Journal(path, fd, done, lock);
      // What an earlier run left unended (a record cut off, zeros) stays on a line of its own.
      if (!endsWithNewline) journal.append("");
      if (!hasHeader) journal.append(JSON.stringify(header));
      if (journal.failure) throw new UsageError(`--journal ${path}: cannot write to it: ${journal.failure.message}`);
      return journal;
    } catch (err) {
      closeSync(fd);
      lock?.release();
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

  /** Flushes to disk, closes and unlocks; a failure to flush is kept in `failure`. */
  close(): void {
    if (this.fd === undefined) return;
    try {
      fsyncSync(this.fd);
    } catch (err) {
      this.failure ??= err as Error;
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
      this.lock.release();
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
