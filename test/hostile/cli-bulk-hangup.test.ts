/**
 * A run whose terminal closes gets SIGHUP (from the kernel, and again from the shell). It stops as
 * on Ctrl-C: no new id is sent, the calls in flight settle and are journalled, exit 129. Proved on
 * the server's side: every request the server received is a record in the journal.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { counts, idsOf, lines, okIds, records, uuids } from "../cli/bulk-records.js";
// Spawned: signals, process ids and a run killed with kill -9 are what only a process shows.
import { envFor, spawnCli as runCli } from "../cli/run-cli.js";
import { fakeThuliumPerFile as faultServerPerFile } from "../fake-thulium/per-file.js";

const dir = mkdtempSync(join(tmpdir(), "thulium-hostile-hangup-"));
const faults = faultServerPerFile();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("SIGHUP", () => {
  it("stops the run as Ctrl-C does, twice sent as a closing terminal does: every request the server got is journalled, exit 129", async () => {
    faults.reply = () => ({ status: 204, delayMs: 300 });
    const ids = uuids(300);
    const journal = join(dir, "hangup.jsonl");
    let child: ChildProcess | undefined;
    const running = runCli(["stop", "-", "--concurrency", "8", "--journal", journal], {
      env: envFor(faults.server.url),
      stdin: lines(ids),
      onSpawn: (c) => (child = c),
    });
    while (faults.server.requests.length < 20) await sleep(5);
    child?.kill("SIGHUP");
    await sleep(20);
    // The shell passes the hangup on to its jobs too: a second SIGHUP is not a second Ctrl-C.
    child?.kill("SIGHUP");
    const run = await running;

    expect(run.code).toBe(129);
    const sent = idsOf(faults.server.requests);
    expect(
      records(journal)
        .map((r) => r.id)
        .sort(),
    ).toEqual([...sent].sort());
    expect(okIds(journal)).toEqual(new Set(sent));
    expect(counts(run.stderr)).toEqual({ done: sent.length, failed: 0, unknown: 0, notSent: 300 - sent.length });
    expect(run.stderr).toContain("interrupted by SIGHUP: no new ids were sent; the calls in flight had up to 5 s to settle\n");
    expect(existsSync(`${journal}.lock`)).toBe(false);
  });
});
