/**
 * A journal is used by one run at a time: two runs on one file would each
 * send the ids the other has not yet recorded. The run that opens a journal
 * creates `FILE.lock` beside it, exclusively (O_EXCL), holding its pid, host
 * and start time; another run finding it is refused, naming that run. A lock
 * whose run is gone (killed with `kill -9`: its pid runs no more on this
 * host) is taken over, saying so. The lock is removed when the journal
 * closes, and at the process's exit (a third Ctrl-C exits at once).
 *
 * Not proper-lockfile: it tells a live lock from a stale one by the age of
 * the lock's mtime, which its holder refreshes on a timer. So a lock left by
 * `kill -9` blocks the next run for the stale time (10 s by default), and a
 * run suspended longer than that (Ctrl-Z, a laptop asleep) loses its lock to
 * a second run, which is what this lock is for. It also records no owner to
 * name. A pid checked on its own host is exact, at once.
 */
import { closeSync, openSync, readFileSync, realpathSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { printableLine } from "../../text/printable-line.js";
import { UsageError } from "../failure.js";

/** The run that holds a lock, as written in the lock file. */
interface Owner {
  pid: number;
  host: string;
  started: string;
}

/**
 * A lock file naming no owner that is older than this was left by a crash between its creation and
 * the write of the owner, which follows at once.
 */
const UNNAMED_STALE_MS = 10_000;

export class JournalLock {
  private held = true;

  private constructor(
    /** The lock file's path. */
    readonly path: string,
    /** Its content: this run. */
    private readonly text: string,
  ) {
    process.on("exit", this.release);
  }

  /** Locks the journal at `journalPath` for this run; `warn` is told when a lock left by a dead run is taken over. */
  static async take(journalPath: string, warn: (line: string) => void): Promise<JournalLock> {
    const path = `${realpathSync(journalPath)}.lock`;
    const text = `${JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() } satisfies Owner)}\n`;
    // A lock that vanishes while it is read, or is taken over by another run first, is looked at again.
    for (let look = 0; look < 3; look++) {
      if (look > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      if (createLock(path, text)) return new JournalLock(path, text);
      const found = readLock(path);
      if (found === undefined) continue;
      const owner = ownerOf(found.text);
      if (owner) refuseIfRunning(journalPath, path, owner);
      else if (Date.now() - found.mtimeMs < UNNAMED_STALE_MS) throw inUse(journalPath, `${path} is being written`);
      if (takeOver(path, found.text, text)) {
        warn(
          owner
            ? `journal ${journalPath}: ${path} was left by pid ${owner.pid} on this host, which is no longer running (a run that was killed); taken over`
            : `journal ${journalPath}: ${path} names no run (a run that crashed as it started); taken over`,
        );
        return new JournalLock(path, text);
      }
    }
    throw inUse(journalPath, `${path} keeps changing hands`);
  }

  /** Removes the lock, if it is still this run's. */
  readonly release = (): void => {
    if (!this.held) return;
    this.held = false;
    process.off("exit", this.release);
    if (readLock(this.path)?.text === this.text) unlinkQuietly(this.path);
  };
}

/** Creates the lock file holding `text`; false when it exists. */
function createLock(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new UsageError(`--journal: cannot create the lock file ${path} beside it: ${(err as Error).message}`);
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The lock file's text and age, or `undefined` when there is none. */
function readLock(path: string): { text: string; mtimeMs: number } | undefined {
  try {
    const { mtimeMs } = statSync(path);
    return { text: readFileSync(path, "utf8"), mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/** The owner a lock file names, or `undefined` when it names none (empty, cut off, or not a lock's). */
function ownerOf(text: string): Owner | undefined {
  try {
    const { pid, host, started } = JSON.parse(text) as Partial<Owner>;
    if (Number.isSafeInteger(pid) && (pid as number) > 0 && typeof host === "string" && typeof started === "string")
      return { pid: pid as number, host, started };
  } catch {
    // Names no owner.
  }
  return undefined;
}

/** Throws when `owner` may still be running: alive on this host, or on another host, where this one cannot tell. */
function refuseIfRunning(journalPath: string, lockPath: string, owner: Owner): void {
  // Read from a file anyone may write: shown as short printable text.
  const shown = (text: string) => printableLine(text, 100);
  const who = `pid ${owner.pid} on ${shown(owner.host)}, started ${shown(owner.started)}`;
  if (owner.host !== hostname()) {
    throw new UsageError(
      `--journal ${journalPath} is in use by another run (${who}): this host cannot tell whether it still runs; if it has ended, delete ${lockPath} and run again`,
    );
  }
  if (isRunning(owner.pid)) throw inUse(journalPath, who);
}

function inUse(journalPath: string, who: string): UsageError {
  return new UsageError(
    `--journal ${journalPath} is in use by another run (${who}): a journal takes one run at a time; wait for that run to end, or give this run a journal of its own`,
  );
}

/** Whether a process `pid` runs on this host; one of another user counts. */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/**
 * Replaces the stale lock holding `staleText` by this run's. Runs that find the same stale lock take
 * turns through `PATH.takeover`, created exclusively and held only for these few synchronous steps;
 * the one that finds the lock no longer stale, or re-created by a new run, gives up.
 */
function takeOver(path: string, staleText: string, text: string): boolean {
  const turn = `${path}.takeover`;
  if (!createLock(turn, text)) {
    // Held for microseconds: one older than the stale time was left by a crash.
    const left = readLock(turn);
    if (left && Date.now() - left.mtimeMs >= UNNAMED_STALE_MS) unlinkQuietly(turn);
    return false;
  }
  try {
    if (readLock(path)?.text !== staleText) return false;
    unlinkQuietly(path);
    return createLock(path, text);
  } finally {
    unlinkQuietly(turn);
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Gone already.
  }
}
