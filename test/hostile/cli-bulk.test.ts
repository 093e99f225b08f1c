/**
 * Hostile conditions around the CLI's bulk runs: a journal resumed against another system, a reader
 * of stdout or of stderr that goes away, a journal that cannot be written, a line of stdin with no end. Each case
 * is proved on the server's side (requests counted), in the journal, in bytes on stderr or by the
 * CLI's peak RSS.
 */
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { counts, idsOf, lines, okIds, uuids } from "../cli/bulk-records.js";
import { envFor, runCli, spawnCli } from "../cli/run-cli.js";
import { fakeThuliumPerFile } from "../fake-thulium/per-file.js";
import { startFakeThulium } from "../fake-thulium/server.js";

const MiB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), "thulium-hostile-bulk-"));
const faults = fakeThuliumPerFile();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a journal bound to its target", () => {
  it("refuses to resume against another server, or as another user: one line, exit 2, nothing sent there", async () => {
    const ids = uuids(50);
    const journal = join(dir, "staging.jsonl");
    const args = ["stop", "-", "--journal", journal];
    const first = await runCli(args, { env: envFor(faults.server.url), stdin: lines(ids) });
    expect(first.code).toBe(0);
    expect(faults.server.requests).toHaveLength(50);

    const production = await startFakeThulium(() => ({ status: 204 }));
    try {
      const other = await runCli(args, { env: envFor(production.url), stdin: lines(ids) });
      expect(other).toEqual({
        code: 2,
        stdout: "",
        stderr:
          `thulium-chat: --journal ${journal} was written against "${faults.server.url}", and this run goes to "${production.url}": ` +
          "the ids it records as done are not done here; give this run a new journal file\n",
      });
      expect(production.requests).toHaveLength(0);
    } finally {
      await production.close();
    }

    faults.server.requests.length = 0;
    const asOther = await runCli(args, { env: envFor(faults.server.url, { THULIUM_USER: "other_user" }), stdin: lines(ids) });
    expect(asOther.code).toBe(2);
    expect(asOther.stderr).toBe(
      `thulium-chat: --journal ${journal} was written as the user "api_user", and this run logs in as "other_user": ` +
        "the ids it records as done are not done here; give this run a new journal file\n",
    );
    // The header pins the user, never the password.
    expect(readFileSync(journal, "utf8")).not.toContain("api_pass");
    expect(faults.server.requests).toHaveLength(0);
  });

  it("refuses a journal of the earlier format, which does not say what it was written against", async () => {
    const journal = join(dir, "format-1.jsonl");
    const ids = uuids(3);
    writeFileSync(journal, `${JSON.stringify({ journal: 1, operation: "stopChatConversation", params: {} })}\n${JSON.stringify({ id: ids[0], ok: true })}\n`);
    const run = await runCli(["stop", ...ids, "--journal", journal], { env: envFor(faults.server.url) });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `thulium-chat: --journal ${journal} was written by an earlier thulium-chat, whose journals do not record the system or user they were written against, ` +
        "so its ids cannot be trusted as done on this one; give this run a new journal file\n",
    );
    expect(faults.server.requests).toHaveLength(0);
  });
});

describe("a reader of stdout that goes away", () => {
  it("stops the run as Ctrl-C does: in-flight calls settle and are journalled, the summary goes to stderr, exit 141", async () => {
    faults.reply = () => ({ status: 204, delayMs: 5 });
    const ids = uuids(2000);
    const journal = join(dir, "epipe.jsonl");
    let closed = false;
    // As `thulium-chat stop - --json | head -1`: the reader takes one line and closes the pipe.
    const onSpawn = (child: ChildProcess) =>
      child.stdout?.on("data", (chunk: Buffer) => {
        if (!closed && chunk.includes("\n")) {
          closed = true;
          child.stdout?.destroy();
        }
      });
    // A process of its own: the bin's handling of a closed pipe is part of what is checked.
    const run = await spawnCli(["stop", "-", "--json", "--journal", journal], { env: envFor(faults.server.url), stdin: lines(ids), onSpawn });
    expect(run.code).toBe(141);
    const c = counts(run.stderr);
    expect(c.done + c.failed + c.unknown + c.notSent).toBe(2000);
    expect(c.notSent).toBeGreaterThan(1000);
    expect(run.stderr).toContain("stopped: stdout was closed by its reader (EPIPE)");
    expect(run.stderr).toContain(`to send what is not done, run the same command again with --journal ${journal}\n`);
    // What the server received is what the summary and the journal say was done.
    expect(faults.server.requests).toHaveLength(c.done);
    expect(okIds(journal)).toEqual(new Set(idsOf(faults.server.requests)));
  });
});

describe("a reader of stderr that goes away", () => {
  it("stops the run as Ctrl-C does, with no crash: every id the server received is in the journal, exit 141", async () => {
    faults.reply = () => ({ status: 204, delayMs: 5 });
    const ids = uuids(2000);
    const journal = join(dir, "epipe-stderr.jsonl");
    // As `thulium-chat stop - --verbose |& head -1`: the reader of stderr takes its first line and closes the pipe.
    const onSpawn = (child: ChildProcess) => child.stderr?.once("data", () => child.stderr?.destroy());
    // A process of its own: the bin's handling of a closed pipe is part of what is checked.
    const run = await spawnCli(["stop", "-", "--verbose", "--journal", journal], { env: envFor(faults.server.url), stdin: lines(ids), onSpawn });
    expect(run.code).toBe(141);
    expect(faults.server.requests.length).toBeLessThan(1000);
    // Nothing done went unrecorded: the run stopped before the journal lost anything.
    expect(okIds(journal)).toEqual(new Set(idsOf(faults.server.requests)));
  });
});

describe("a journal that cannot be written", () => {
  it("stops cleanly at a file size limit (EFBIG): no new sends, a summary listing the ids done but unrecorded, exit 74", async () => {
    faults.reply = () => ({ status: 204, delayMs: 2 });
    const ids = uuids(300);
    const journal = join(dir, "efbig.jsonl");
    // About 75 records fit in 4 KiB.
    // A process of its own: the file size limit is set on a process.
    const run = await spawnCli(["stop", "-", "--journal", journal], {
      env: envFor(faults.server.url),
      stdin: lines(ids),
      wrapper: ["prlimit", "--fsize=4096", "--"],
    });
    expect(run.code).toBe(74);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).toMatch(/^stopped: the journal cannot be written \(EFBIG: file too large, write\)/m);
    const c = counts(run.stderr);
    expect(c.done + c.failed + c.unknown + c.notSent).toBe(300);
    expect(c.notSent).toBeGreaterThan(150);
    const unrecorded = [...run.stderr.matchAll(/^ {2}(\S+): done, but not recorded in the journal, so a rerun sends it again$/gm)].map((m) => m[1]);
    expect(unrecorded.length).toBeGreaterThan(0);
    // Every id the server received is in the journal or listed as unrecorded; no new id was sent after the failure.
    const sent = idsOf(faults.server.requests);
    const recorded = okIds(journal);
    expect(sent).toHaveLength(c.done);
    expect(new Set(sent)).toEqual(new Set([...recorded, ...unrecorded]));
    expect(unrecorded.length).toBeLessThanOrEqual(4);
  });
});

describe("unbounded input", () => {
  const rssFile = join(dir, "max-rss");
  const hook = fileURLToPath(new URL("./max-rss.mjs", import.meta.url));
  const peakRss = async (stdin: string | Iterable<string>) => {
    // A process of its own: its peak RSS is measured by a hook at its exit.
    const run = await spawnCli(["stop", "-"], { env: envFor(faults.server.url, { MAX_RSS_FILE: rssFile }), stdin, nodeArgs: ["--import", hook] });
    return { run, rss: Number(readFileSync(rssFile, "utf8")) };
  };

  it("a 64 MiB line on stdin costs under 64 MB of RSS, and is echoed clipped; the lines after it are read", async () => {
    const id = randomUUID();
    const baseline = await peakRss(lines([id]));
    expect(baseline.run.code).toBe(0);
    faults.server.requests.length = 0;
    const megabyte = "a".repeat(MiB);
    const { run, rss } = await peakRss(
      (function* () {
        for (let i = 0; i < 64; i++) yield megabyte;
        yield `\n${id}\n`;
      })(),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(Buffer.byteLength(run.stderr)).toBeLessThan(1024);
    expect(run.stderr).toBe(
      `stopped 1, failed 1 (1 invalid)\n  ${"a".repeat(99)}…: invalid: line 1 has 67108864 bytes, more than an id can (at most 4096); it was not sent\n`,
    );
    expect(idsOf(faults.server.requests)).toEqual([id]);
    expect(rss - baseline.rss).toBeLessThan(64 * MiB);
  }, 30_000);

  it("clips an invalid id of 100 KB given as an argument, in the summary, with and without --json", async () => {
    const long = `x${"y".repeat(100_000)}`;
    const run = await runCli(["stop", long, "--json"], { env: envFor(faults.server.url) });
    expect(run.code).toBe(2);
    expect(Buffer.byteLength(run.stderr)).toBeLessThan(1024);
    const text = await runCli(["stop", long], { env: envFor(faults.server.url) });
    expect(text.code).toBe(2);
    expect(Buffer.byteLength(text.stderr)).toBeLessThan(1024);
    expect(faults.server.requests).toHaveLength(0);
  });
});
