/**
 * A journal as a power loss leaves it: the file's last blocks read as NUL bytes, or a hole of
 * zeros with records after it (a run resumed once, then crashed again). Every resume reads what
 * the file holds, skips the zeros and the cut-off records, and never sends again an id the
 * journal records as done; a file that is not a journal is still refused. Proved on the server's
 * side (requests counted) and on disk.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { idsOf, lines, okIds, uuids } from "../cli/bulk-records.js";
import { envFor, runCli } from "../cli/run-cli.js";
import { fakeThuliumPerFile as faultServerPerFile } from "../fake-thulium/per-file.js";

const dir = mkdtempSync(join(tmpdir(), "thulium-hostile-zeroed-journal-"));
const faults = faultServerPerFile();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header = () => JSON.stringify({ journal: 2, operation: "stopChatConversation", params: {}, target: { baseUrl: faults.server.url, user: "api_user" } });
const done = (ids: readonly string[]) => ids.map((id) => `${JSON.stringify({ id, ok: true })}\n`).join("");
/** A block the file system had allotted but never written: it reads as zeros. */
const zeros = (n: number) => "\0".repeat(n);

describe("a journal whose tail is NUL bytes", () => {
  it("is resumed, and resumed again: the ids done are never sent again, the rest once", async () => {
    const ids = uuids(100);
    const journal = join(dir, "power-loss.jsonl");
    writeFileSync(journal, `${header()}\n${done(ids.slice(0, 60))}${zeros(4096)}`);
    const args = ["stop", "-", "--journal", journal];

    const first = await runCli(args, { env: envFor(faults.server.url), stdin: lines(ids) });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe("stopped 40, failed 0, skipped 60 done in earlier runs\n");
    expect(first.stderr).toContain(`journal ${journal}: 4096 NUL bytes, as a crash or power loss leaves, were skipped`);
    expect(new Set(idsOf(faults.server.requests))).toEqual(new Set(ids.slice(60)));
    expect(faults.server.requests).toHaveLength(40);

    // The zeros are now inside the file, records after them: the next resume reads past them.
    faults.server.requests.length = 0;
    const second = await runCli(args, { env: envFor(faults.server.url), stdin: lines(ids) });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe("stopped 0, failed 0, skipped 100 done in earlier runs\n");
    expect(faults.server.requests).toHaveLength(0);
    expect(okIds(journal)).toEqual(new Set(ids));
  });

  it("reads past zeros anywhere: a hole between records, a record cut off then zeroed, a header lost to zeros", async () => {
    const ids = uuids(40);
    const journal = join(dir, "holes.jsonl");
    const cut = `{"id":"${ids[30]}","ok":tr`;
    writeFileSync(
      journal,
      `${zeros(300)}\n${header()}\n${done(ids.slice(0, 10))}${zeros(512)}\n${done(ids.slice(10, 20))}${zeros(100)}${done(ids.slice(20, 30))}${cut}${zeros(700)}\n`,
    );
    const run = await runCli(["stop", "-", "--journal", journal], { env: envFor(faults.server.url), stdin: lines(ids) });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("stopped 10, failed 0, skipped 30 done in earlier runs\n");
    expect(new Set(idsOf(faults.server.requests))).toEqual(new Set(ids.slice(30)));
    expect(faults.server.requests).toHaveLength(10);
  });

  it("still refuses a file that is not a journal, zeros or not, and writes nothing to it", async () => {
    const ids = uuids(2);
    for (const [name, text] of [
      ["ids-with-zeros.txt", `${ids[0]}${zeros(10)}\n${ids[1]}\n`],
      ["notes.txt", `hello\0world\n${header()}\n`],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const run = await runCli(["stop", ...ids, "--journal", path], { env: envFor(faults.server.url) });
      expect(run).toEqual({
        code: 2,
        stdout: "",
        stderr: `thulium-chat: --journal ${path} is not a thulium-chat journal (line 1 is not JSON); give a new file, or the journal of an earlier run of this command\n`,
      });
      expect(readFileSync(path, "utf8")).toBe(text);
    }
    expect(faults.server.requests).toHaveLength(0);
  });
});
