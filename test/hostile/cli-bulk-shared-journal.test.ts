/**
 * One journal, two runs: a journal is used by one run at a time. A second run started on it is
 * refused before it sends anything, naming the run that has it; a lock left by a run that was
 * killed (`kill -9`) is taken over, saying so; and the lock goes with the run however it ends.
 * Proved on the server's side (requests counted) and on disk (the lock file, the journal).
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { constants, hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { idsOf, lines, okIds, uuids } from "../cli/bulk-records.js";
// Spawned: signals, process ids and a run killed with kill -9 are what only a process shows.
import { envFor, spawnCli as runCli } from "../cli/run-cli.js";
import { fakeThuliumPerFile as faultServerPerFile } from "../fake-thulium/per-file.js";

const dir = mkdtempSync(join(tmpdir(), "thulium-hostile-shared-journal-"));
const faults = faultServerPerFile();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("two runs on one journal", () => {
  it("started together on overlapping ids: one runs, the other is refused naming its pid, exit 2; each id reaches the server once", async () => {
    faults.reply = () => ({ status: 204, delayMs: 25 });
    const ids = uuids(300);
    const first = ids.slice(0, 250);
    const second = ids.slice(50);
    const journal = join(dir, "shared.jsonl");
    const args = ["stop", "-", "--concurrency", "4", "--journal", journal];
    const pids: number[] = [];
    const onSpawn = (child: ChildProcess) => pids.push(child.pid as number);
    const runs = await Promise.all([
      runCli(args, { env: envFor(faults.server.url), stdin: lines(first), onSpawn }),
      runCli(args, { env: envFor(faults.server.url), stdin: lines(second), onSpawn }),
    ]);

    const refused = runs.findIndex((run) => run.code === 2);
    expect(refused).not.toBe(-1);
    const ran = runs[1 - refused]!;
    expect(ran.code).toBe(0);
    expect(runs[refused]!.stdout).toBe("");
    const owner = pids[1 - refused];
    expect(runs[refused]!.stderr).toMatch(
      new RegExp(
        `^thulium-chat: --journal ${journal} is in use by another run \\(pid ${owner} on ${hostname()}, started \\S+\\): ` +
          "a journal takes one run at a time; wait for that run to end, or give this run a journal of its own\\n$",
      ),
    );
    // Every id the server received, it received once: those of the run that had the journal.
    const sent = idsOf(faults.server.requests);
    expect(sent).toHaveLength(new Set(sent).size);
    expect(new Set(sent)).toEqual(new Set(refused === 0 ? second : first));
    expect(okIds(journal)).toEqual(new Set(sent));
    expect(existsSync(`${journal}.lock`)).toBe(false);
  });

  it("refuses a journal whose lock a running process holds, leaving the lock and the journal as they were: exit 2, nothing sent", async () => {
    const journal = join(dir, "held.jsonl");
    const lock = `${journal}.lock`;
    // This test's own process is alive: as a run that has the journal.
    const held = `${JSON.stringify({ pid: process.pid, host: hostname(), started: "2026-01-02T03:04:05.000Z" })}\n`;
    writeFileSync(lock, held);
    const ids = uuids(3);
    const header = { journal: 2, operation: "stopChatConversation", params: {}, target: { baseUrl: faults.server.url, user: "api_user" } };
    const written = `${JSON.stringify(header)}\n${JSON.stringify({ id: ids[0], ok: true })}\n`;
    writeFileSync(journal, written);
    const run = await runCli(["stop", ...ids, "--journal", journal], { env: envFor(faults.server.url) });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        `thulium-chat: --journal ${journal} is in use by another run (pid ${process.pid} on ${hostname()}, started 2026-01-02T03:04:05.000Z): ` +
        "a journal takes one run at a time; wait for that run to end, or give this run a journal of its own\n",
    });
    expect(faults.server.requests).toHaveLength(0);
    expect(readFileSync(lock, "utf8")).toBe(held);
    expect(readFileSync(journal, "utf8")).toBe(written);
  });

  it("a lock held on another host cannot be checked: refused, saying how to free it if that run is gone", async () => {
    const journal = join(dir, "nfs.jsonl");
    const lock = `${journal}.lock`;
    writeFileSync(lock, JSON.stringify({ pid: 4242, host: "other-host", started: "2026-01-02T03:04:05.000Z" }));
    const run = await runCli(["stop", ...uuids(3), "--journal", journal], { env: envFor(faults.server.url) });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `thulium-chat: --journal ${journal} is in use by another run (pid 4242 on other-host, started 2026-01-02T03:04:05.000Z): ` +
        `this host cannot tell whether it still runs; if it has ended, delete ${lock} and run again\n`,
    );
    expect(faults.server.requests).toHaveLength(0);
    expect(existsSync(lock)).toBe(true);
  });

  it("a lock left by a run killed with kill -9 is taken over, saying so: the next run goes on and frees it", async () => {
    faults.reply = () => ({ status: 204, delayMs: 20 });
    const ids = uuids(200);
    const journal = join(dir, "killed.jsonl");
    const lock = `${journal}.lock`;
    const args = ["stop", "-", "--concurrency", "4", "--journal", journal];
    let child: ChildProcess | undefined;
    const killed = runCli(args, { env: envFor(faults.server.url), stdin: lines(ids), onSpawn: (c) => (child = c) });
    while (faults.server.requests.length < 40) await sleep(5);
    child?.kill("SIGKILL");
    expect((await killed).code).toBe(null);
    expect(JSON.parse(readFileSync(lock, "utf8"))).toMatchObject({ pid: child?.pid, host: hostname() });
    const ok1 = okIds(journal);

    faults.server.requests.length = 0;
    const rerun = await runCli(args, { env: envFor(faults.server.url), stdin: lines(ids) });
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toBe(`stopped ${200 - ok1.size}, failed 0, skipped ${ok1.size} done in earlier runs\n`);
    expect(rerun.stderr.split("\n")[0]).toBe(
      `journal ${journal}: ${lock} was left by pid ${child?.pid} on this host, which is no longer running (a run that was killed); taken over`,
    );
    expect(idsOf(faults.server.requests).filter((id) => ok1.has(id))).toEqual([]);
    expect(existsSync(lock)).toBe(false);
  });

  it("is freed however the run ends: a refused journal, a closed stdout, SIGTERM, a third Ctrl-C", async () => {
    const journal = join(dir, "every-end.jsonl");
    const lock = `${journal}.lock`;
    const env = envFor(faults.server.url);

    // An error once the lock is taken: the journal is of another command.
    writeFileSync(
      journal,
      `${JSON.stringify({ journal: 2, operation: "deleteChatConversation", params: {}, target: { baseUrl: faults.server.url, user: "api_user" } })}\n`,
    );
    const refused = await runCli(["stop", ...uuids(2), "--journal", journal], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("is the journal of deleteChatConversation");
    expect(existsSync(lock)).toBe(false);
    rmSync(journal);

    // A reader of stdout that goes away (EPIPE).
    faults.reply = () => ({ status: 204, delayMs: 5 });
    let closed = false;
    const epipe = await runCli(["stop", "-", "--json", "--journal", journal], {
      env,
      stdin: lines(uuids(500)),
      onSpawn: (child) =>
        child.stdout?.on("data", () => {
          if (!closed) {
            closed = true;
            child.stdout?.destroy();
          }
        }),
    });
    expect(epipe.code).toBe(141);
    expect(existsSync(lock)).toBe(false);

    // SIGTERM, and a third Ctrl-C while a call hangs (the process exits at once).
    faults.reply = () => ({ hang: true });
    for (const signals of [["SIGTERM"], ["SIGINT", "SIGINT", "SIGINT"]] as const) {
      faults.server.requests.length = 0;
      let child: ChildProcess | undefined;
      const running = runCli(["stop", "-", "--journal", journal], { env, stdin: lines(uuids(5)), onSpawn: (c) => (child = c) });
      while (faults.server.requests.length < 1) await sleep(10);
      for (const signal of signals) {
        child?.kill(signal);
        await sleep(100);
      }
      const run = await running;
      // The exit code of the signal, or that signal itself when the last one came as the process was already
      // exiting (Node gives signals back to the system as it tears down): a shell shows both as 130 or 143.
      // Either way the run had ended: its lock is gone.
      const shown = run.code ?? (run.signal ? 128 + constants.signals[run.signal] : null);
      expect(shown, run.stderr).toBe(signals[0] === "SIGTERM" ? 143 : 130);
      if (run.code === null) expect(run.signal).toBe(signals.at(-1));
      expect(existsSync(lock)).toBe(false);
    }
  }, 30_000);
});
