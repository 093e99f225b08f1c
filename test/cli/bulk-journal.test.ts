/**
 * Bulk runs that lose nothing, run as an operator would: `--journal`, resuming after Ctrl-C,
 * SIGTERM and `kill -9`, a server that dies mid-run, a server that throttles, a torn journal,
 * and bulk `delete` and `delete-content`. Every claim is checked on the server's side.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fakeThuliumPerFile as faultServerPerFile } from "../fake-thulium/per-file.js";
import { type ReceivedRequest, startFakeThulium as startFaultServer, thuliumError } from "../fake-thulium/server.js";
import { counts, idsOf, lines, okIds, records, uuids } from "./bulk-records.js";
import { envFor, type RunningCli, runCli, spawnCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "thulium-journal-"));
const faults = faultServerPerFile();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("resuming with --journal", () => {
  it("Ctrl-C mid-run, then the same command: every id reaches the server, and none journalled ok is sent again", async () => {
    faults.reply = () => ({ status: 204, delayMs: 30 });
    const ids = uuids(200);
    const journal = join(dir, "ctrl-c.jsonl");
    const args = ["stop", "-", "--concurrency", "8", "--journal", journal];
    let child: RunningCli | undefined;
    const first = runCli(args, { env: envFor(faults.server.url), stdin: lines(ids), onStart: (c) => (child = c) });
    while (faults.server.requests.length < 60) await sleep(10);
    child?.kill("SIGINT");
    const run1 = await first;
    expect(run1.code).toBe(130);
    const sent1 = idsOf(faults.server.requests);
    const ok1 = okIds(journal);
    // The calls in flight settled within the grace period: the counts add up and match the server's.
    const c = counts(run1.stderr);
    expect(c).toEqual({ done: ok1.size, failed: 0, unknown: 0, notSent: 200 - ok1.size });
    expect(new Set(sent1)).toEqual(ok1);
    expect(run1.stderr).toContain(`to send what is not done, run the same command again with --journal ${journal}\n`);

    faults.server.requests.length = 0;
    const run2 = await runCli(args, { env: envFor(faults.server.url), stdin: lines(ids) });
    expect(run2).toEqual({
      code: 0,
      stdout: `stopped ${200 - ok1.size}, failed 0, skipped ${ok1.size} done in earlier runs\n`,
      stderr: `journal ${journal}: ${ok1.size} done in earlier runs; those are skipped\n`,
    });
    const sent2 = idsOf(faults.server.requests);
    expect(sent2.filter((id) => ok1.has(id))).toEqual([]);
    expect(sent2).toHaveLength(200 - ok1.size);
    expect(new Set([...sent1, ...sent2])).toEqual(new Set(ids));
  });

  it("kill -9 mid-run, then the same command: only the calls in flight at the kill are sent twice", async () => {
    faults.reply = () => ({ status: 204, delayMs: 20 });
    const ids = uuids(300);
    const journal = join(dir, "kill-9.jsonl");
    const args = ["stop", "-", "--concurrency", "8", "--journal", journal];
    let child: ChildProcess | undefined;
    // A process of its own: only a process can be killed mid-write.
    const first = spawnCli(args, { env: envFor(faults.server.url), stdin: lines(ids), onSpawn: (c) => (child = c) });
    while (faults.server.requests.length < 100) await sleep(5);
    child?.kill("SIGKILL");
    expect((await first).code).toBe(null);
    const sent1 = idsOf(faults.server.requests);
    const ok1 = okIds(journal);
    // Each outcome reached the file as soon as it was known: what the server got and the journal lacks was in flight.
    expect([...ok1].every((id) => sent1.includes(id))).toBe(true);
    expect(sent1.length - ok1.size).toBeLessThanOrEqual(8);

    faults.server.requests.length = 0;
    const run2 = await runCli(args, { env: envFor(faults.server.url), stdin: lines(ids) });
    expect(run2.code).toBe(0);
    expect(run2.stdout).toBe(`stopped ${300 - ok1.size}, failed 0, skipped ${ok1.size} done in earlier runs\n`);
    const sent2 = idsOf(faults.server.requests);
    expect(sent2.filter((id) => ok1.has(id))).toEqual([]);
    expect(new Set([...sent1, ...sent2])).toEqual(new Set(ids));
    expect(sent2.filter((id) => sent1.includes(id)).length).toBeLessThanOrEqual(8);
  });

  it("a torn last line is ignored with a warning: its id is sent again, the others are skipped", async () => {
    const ids = uuids(10);
    const journal = join(dir, "torn.jsonl");
    const header = JSON.stringify({ journal: 2, operation: "stopChatConversation", params: {}, target: { baseUrl: faults.server.url, user: "api_user" } });
    const done = ids.slice(0, 5).map((id) => JSON.stringify({ id, ok: true }));
    writeFileSync(journal, `${[header, ...done].join("\n")}\n{"id":"${ids[5]}","o`);
    const args = ["stop", "-", "--journal", journal];
    const warning = `journal ${journal}: a line was cut off mid-write by an earlier run; ignored, so its id is sent again\n`;

    const run = await runCli(args, { env: envFor(faults.server.url), stdin: lines(ids) });
    expect(run).toEqual({
      code: 0,
      stdout: "stopped 5, failed 0, skipped 5 done in earlier runs\n",
      stderr: `${warning}journal ${journal}: 5 done in earlier runs; those are skipped\n`,
    });
    expect(idsOf(faults.server.requests)).toEqual(expect.arrayContaining(ids.slice(5)));
    expect(faults.server.requests).toHaveLength(5);
    // The new lines start on a line of their own: the journal stays readable, and the next run skips all ten.
    expect(okIds(journal)).toEqual(new Set(ids));
    faults.server.requests.length = 0;
    const again = await runCli(args, { env: envFor(faults.server.url), stdin: lines(ids) });
    expect(again).toMatchObject({ code: 0, stdout: "stopped 0, failed 0, skipped 10 done in earlier runs\n" });
    expect(again.stderr.startsWith(warning)).toBe(true);
    expect(faults.server.requests).toHaveLength(0);
  });

  it("refuses a journal of another command or participant, and a file that is not a journal: exit 2, nothing sent", async () => {
    const ids = uuids(2);
    const journal = join(dir, "content.jsonl");
    expect((await runCli(["delete-content", "both", ...ids, "--journal", journal], { env: envFor(faults.server.url) })).code).toBe(0);
    faults.server.requests.length = 0;

    const user = await runCli(["delete-content", "user", ...ids, "--journal", journal], { env: envFor(faults.server.url) });
    expect(user).toEqual({
      code: 2,
      stdout: "",
      stderr:
        `thulium-chat: --journal ${journal} is the journal of deleteChatContent with {"participant":"both"}, ` +
        'not of this run (deleteChatContent with {"participant":"user"}); give this run a journal of its own\n',
    });
    const stop = await runCli(["stop", ...ids, "--journal", journal], { env: envFor(faults.server.url) });
    expect(stop.code).toBe(2);
    expect(stop.stderr).toContain("is the journal of deleteChatContent");

    const list = join(dir, "ids.txt");
    writeFileSync(list, lines(ids));
    const notJournal = await runCli(["stop", "-", "--journal", list], { env: envFor(faults.server.url), stdin: lines(ids) });
    expect(notJournal).toEqual({
      code: 2,
      stdout: "",
      stderr: `thulium-chat: --journal ${list} is not a thulium-chat journal (line 1 is not JSON); give a new file, or the journal of an earlier run of this command\n`,
    });
    expect(readFileSync(list, "utf8")).toBe(lines(ids));
    expect(faults.server.requests).toHaveLength(0);
  });
});

describe("stopping honestly", () => {
  it("SIGTERM: no new id is sent, the calls in flight settle and are journalled, exit 143", async () => {
    faults.reply = () => ({ status: 204, delayMs: 1_500 });
    const ids = uuids(10);
    const journal = join(dir, "sigterm.jsonl");
    let child: ChildProcess | undefined;
    // A process of its own: the bin's SIGTERM handler and exit code are what is checked.
    const running = spawnCli(["stop", "-", "--concurrency", "4", "--journal", journal], {
      env: envFor(faults.server.url),
      stdin: lines(ids),
      onSpawn: (c) => (child = c),
    });
    while (faults.server.requests.length < 4) await sleep(10);
    const t0 = performance.now();
    child?.kill("SIGTERM");
    const run = await running;
    expect(run.code).toBe(143);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(counts(run.stderr)).toEqual({ done: 4, failed: 0, unknown: 0, notSent: 6 });
    expect(run.stderr).toContain("interrupted by SIGTERM: no new ids were sent; the calls in flight had up to 5 s to settle\n");
    expect(faults.server.requests).toHaveLength(4);
    expect(okIds(journal)).toEqual(new Set(idsOf(faults.server.requests)));
  });

  it("a server that dies mid-run: exit 3 within 20 s, with the ids not attempted counted; the journal resumes the rest", async () => {
    let answered = 0;
    const dying = await startFaultServer(() => {
      if (++answered <= 30) return { status: 204, delayMs: 5 };
      dying.die();
      return { drop: true };
    });
    const ids = uuids(300);
    const journal = join(dir, "dying.jsonl");
    const args = ["stop", "-", "--concurrency", "4", "--journal", journal];
    try {
      const t0 = performance.now();
      const run = await runCli(args, { env: envFor(dying.url), stdin: lines(ids) });
      expect(run.code).toBe(3);
      expect(performance.now() - t0).toBeLessThan(20_000);
      const c = counts(run.stderr);
      expect(c.done).toBe(30);
      expect(c.unknown).toBe(0);
      expect(c.done + c.failed + c.notSent).toBe(300);
      expect(run.stderr).toMatch(
        new RegExp(
          `^stopped: 10 connection failures or timeouts in a row, the last: .*; the server looks unreachable, so ${c.notSent} ids were not attempted$`,
          "m",
        ),
      );
      // Not attempted means never sent: those ids have no journal line, and the server never saw one of them.
      const journalled = records(journal);
      expect(journalled.filter((r) => r.ok)).toHaveLength(30);
      expect(journalled.filter((r) => !r.ok)).toHaveLength(c.failed);
      const unseen = ids.filter((id) => !journalled.some((r) => r.id === id));
      expect(unseen).toHaveLength(c.notSent);
      expect(idsOf(dying.requests).filter((id) => unseen.includes(id))).toEqual([]);
    } finally {
      await dying.close();
    }

    // The server is back, at the same address: the journal is of that target.
    const ok1 = okIds(journal);
    const back = await startFaultServer(() => ({ status: 204 }), Number(new URL(dying.url).port));
    try {
      const rerun = await runCli(args, { env: envFor(back.url), stdin: lines(ids) });
      expect(rerun.code).toBe(0);
      expect(rerun.stdout).toBe("stopped 270, failed 0, skipped 30 done in earlier runs\n");
      expect(new Set(idsOf(back.requests))).toEqual(new Set(ids.filter((id) => !ok1.has(id))));
      expect(back.requests).toHaveLength(270);
    } finally {
      await back.close();
    }
  }, 40_000);
});

describe("a throttling server", () => {
  it("pauses the whole run for Retry-After and slows down: every id stopped once, under 10 % of requests answered 429", async () => {
    // A token bucket: 40 requests a second, a burst of 4, then 429 with Retry-After: 1.
    let tokens = 4;
    let refilledAt = performance.now();
    const throttled = new Set<ReceivedRequest>();
    faults.reply = (request) => {
      tokens = Math.min(4, tokens + ((request.at - refilledAt) / 1000) * 40);
      refilledAt = request.at;
      if (tokens >= 1) {
        tokens--;
        return { status: 204 };
      }
      throttled.add(request);
      return { status: 429, headers: { "retry-after": "1" }, body: thuliumError("Too many requests.", "req-429") };
    };
    const ids = uuids(120);
    const run = await runCli(["stop", "-", "--concurrency", "8"], { env: envFor(faults.server.url), stdin: lines(ids) });
    expect(run).toEqual({ code: 0, stdout: "stopped 120, failed 0\n", stderr: "" });

    const answered = faults.server.requests.filter((r) => !throttled.has(r));
    expect(idsOf(answered).sort()).toEqual([...ids].sort());
    expect(throttled.size).toBeGreaterThan(0);
    expect(throttled.size / faults.server.requests.length).toBeLessThan(0.1);
    // The run paused as a whole: soon after the first 429, nothing came for about the Retry-After.
    const first = ([...throttled][0] as ReceivedRequest).at;
    const arrivals = faults.server.requests.map((r) => r.at);
    const gaps = arrivals.slice(1).map((at, i) => ({ from: arrivals[i] as number, ms: at - (arrivals[i] as number) }));
    expect(gaps.some((g) => g.from >= first - 50 && g.from <= first + 500 && g.ms >= 900)).toBe(true);
  }, 30_000);
});

describe("bulk delete and delete-content", () => {
  it("delete takes many ids from stdin, one DELETE each, journalled", async () => {
    const ids = uuids(5);
    const journal = join(dir, "delete.jsonl");
    const run = await runCli(["delete", "-", "--journal", journal], { env: envFor(faults.server.url), stdin: lines(ids) });
    expect(run).toEqual({ code: 0, stdout: "deleted 5, failed 0\n", stderr: "" });
    expect(faults.server.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual(ids.map((id) => `DELETE /chat_conversations/${id}`).sort());
    expect(okIds(journal)).toEqual(new Set(ids));
  });

  it("delete-content takes the participant once and many ids; --json prints one line per id", async () => {
    const GONE = "00000000-0000-4000-8000-000000000404";
    faults.reply = (request) => (request.path.includes(GONE) ? { status: 404, body: thuliumError("Conversation not found.", "req-404") } : { status: 204 });
    const ids = uuids(3);
    const run = await runCli(["delete-content", "customer", ...ids, GONE, "--json", "--max-retries", "0"], { env: envFor(faults.server.url) });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("content deleted 3, failed 1\n");
    expect(faults.server.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      [...ids, GONE].map((id) => `DELETE /chat_conversations/content/${id}/customer`).sort(),
    );
    const out = run.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(out.filter((r) => r.ok).map((r) => r.id)).toEqual(expect.arrayContaining(ids));
    expect(out.find((r) => !r.ok)).toMatchObject({ id: GONE, error: { type: "api", status: 404, request_id: "req-404" } });
  });
});
