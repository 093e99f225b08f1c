/** The lock that keeps a journal to one run: refused while its owner runs, taken over once it is gone, removed only by its owner. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { JournalLock } from "../../../src/cli/bulk/journal-lock.js";
import { UsageError } from "../../../src/cli/failure.js";

const dir = mkdtempSync(join(tmpdir(), "thulium-journal-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A journal file, which must exist to be locked. */
function journal(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, "");
  return path;
}

/** The pid of a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid as number;

describe("a journal's lock", () => {
  it("names this run in FILE.lock, refuses a second taker while held, and is gone once released", async () => {
    const path = journal("held.jsonl");
    const lock = await JournalLock.take(path, () => {});
    expect(JSON.parse(readFileSync(`${path}.lock`, "utf8"))).toEqual({ pid: process.pid, host: hostname(), started: expect.any(String) });
    const second = JournalLock.take(path, () => {});
    await expect(second).rejects.toThrow(UsageError);
    await expect(second).rejects.toThrow(`--journal ${path} is in use by another run (pid ${process.pid} on ${hostname()}, started `);
    lock.release();
    expect(existsSync(`${path}.lock`)).toBe(false);
    (await JournalLock.take(path, () => {})).release();
  });

  it("takes over a lock whose process has ended, saying so", async () => {
    const path = journal("dead.jsonl");
    const pid = deadPid();
    writeFileSync(`${path}.lock`, JSON.stringify({ pid, host: hostname(), started: "2026-01-01T00:00:00.000Z" }));
    const warnings: string[] = [];
    const lock = await JournalLock.take(path, (line) => warnings.push(line));
    expect(warnings).toEqual([
      `journal ${path}: ${path}.lock was left by pid ${pid} on this host, which is no longer running (a run that was killed); taken over`,
    ]);
    expect(JSON.parse(readFileSync(`${path}.lock`, "utf8")).pid).toBe(process.pid);
    expect(existsSync(`${path}.lock.takeover`)).toBe(false);
    lock.release();
  });

  it("takes over a lock that names no run once it is older than a run takes to write its name, not before", async () => {
    const path = journal("unnamed.jsonl");
    writeFileSync(`${path}.lock`, "");
    await expect(JournalLock.take(path, () => {})).rejects.toThrow(`--journal ${path} is in use by another run (${path}.lock is being written)`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${path}.lock`, old, old);
    const warnings: string[] = [];
    const lock = await JournalLock.take(path, (line) => warnings.push(line));
    expect(warnings).toEqual([`journal ${path}: ${path}.lock names no run (a run that crashed as it started); taken over`]);
    lock.release();
  });

  it("leaves alone, on release, a lock that is no longer its own", async () => {
    const path = journal("replaced.jsonl");
    const lock = await JournalLock.take(path, () => {});
    const other = JSON.stringify({ pid: 1, host: "elsewhere", started: "2026-01-01T00:00:00.000Z" });
    writeFileSync(`${path}.lock`, other);
    lock.release();
    expect(readFileSync(`${path}.lock`, "utf8")).toBe(other);
  });

  it("shows an owner read from the lock file as one short printable line", async () => {
    const path = journal("forged.jsonl");
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: 7, host: "\u001b[2Jhost\nthulium-chat: FAKE", started: "x".repeat(500) }));
    const error = await JournalLock.take(path, () => {}).catch((err: Error) => err);
    expect((error as Error).message).not.toMatch(/[\u0000-\u001f]/);
    expect((error as Error).message.length).toBeLessThan(500);
  });
});
