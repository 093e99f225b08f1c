/** The journal file itself: what reaches the file and when, and how cut-off lines from a crash are read. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Journal, journalTarget } from "../../../src/cli/bulk/journal.js";
import { UsageError } from "../../../src/cli/failure.js";

const dir = mkdtempSync(join(tmpdir(), "thulium-journal-unit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TARGET = { baseUrl: "https://acme.thulium.com/api", user: "api_user" };
const HEADER = JSON.stringify({ journal: 2, operation: "stopChatConversation", params: {}, target: TARGET });

async function open(path: string, params: Record<string, unknown> = {}, target = TARGET) {
  const warnings: string[] = [];
  const journal = await Journal.open(path, { operation: "stopChatConversation", params, target }, "id", (line) => warnings.push(line));
  return { journal, warnings };
}

describe("a journal", () => {
  it("starts with a header, and each record is in the file before record() returns, not at close", async () => {
    const path = join(dir, "new.jsonl");
    const { journal, warnings } = await open(path, { external_chatbot_id: 5 });
    expect(readFileSync(path, "utf8")).toBe(
      `${JSON.stringify({ journal: 2, operation: "stopChatConversation", params: { external_chatbot_id: 5 }, target: TARGET })}\n`,
    );
    journal.record({ id: "a", ok: true });
    expect(readFileSync(path, "utf8").split("\n").at(-2)).toBe('{"id":"a","ok":true}');
    journal.close();
    expect(warnings).toEqual([]);
    expect((await open(path, { external_chatbot_id: 5 })).journal.done).toEqual(new Set(["a"]));
  });

  it("reads ok and failed records: only ok ones are done, the last record of an id does not undo an earlier ok", async () => {
    const path = join(dir, "mixed.jsonl");
    const lines = [HEADER, '{"id":"a","ok":false,"error":{"type":"api"}}', '{"id":"a","ok":true}', '{"id":"b","ok":false}', '{"id":"c","ok":true}'];
    writeFileSync(path, `${lines.join("\n")}\n`);
    const { journal } = await open(path);
    expect(journal.done).toEqual(new Set(["a", "c"]));
    journal.close();
  });

  it("takes a torn header for what it is, writes a new one after it, and reads the file again later", async () => {
    const path = join(dir, "torn-header.jsonl");
    writeFileSync(path, '{"journal":1,"oper');
    const first = await open(path);
    expect(first.warnings).toHaveLength(1);
    first.journal.record({ id: "a", ok: true });
    first.journal.close();
    expect(readFileSync(path, "utf8")).toBe(`{"journal":1,"oper\n${HEADER}\n{"id":"a","ok":true}\n`);
    const second = await open(path);
    expect(second.journal.done).toEqual(new Set(["a"]));
    expect(second.warnings).toEqual([`journal ${path}: a line was cut off mid-write by an earlier run; ignored, so its id is sent again`]);
    second.journal.close();
  });

  it("refuses, without writing to it, a file whose lines are not a journal's", async () => {
    const path = join(dir, "other.jsonl");
    writeFileSync(path, '{"id":"a","ok":true}\n');
    await expect(open(path)).rejects.toThrow(UsageError);
    await expect(open(path)).rejects.toThrow(/is not a thulium-chat journal \(it does not start with a journal's first line\)/);
    writeFileSync(path, `${HEADER}\n{"name":"x"}\n`);
    await expect(open(path)).rejects.toThrow(/line 2 is not a journal record/);
    expect(readFileSync(path, "utf8")).toBe(`${HEADER}\n{"name":"x"}\n`);
  });

  it("pins the target as the client resolves it: a system and its base URL are one target; the password is not in it", () => {
    const bySystem = journalTarget({ system: "acme", username: "api_user", password: "s3cret" });
    expect(bySystem).toEqual({ baseUrl: "https://acme.thulium.com/api", user: "api_user" });
    expect(journalTarget({ baseUrl: "https://acme.thulium.com/api/", username: "api_user", password: "other" })).toEqual(bySystem);
  });

  it("refuses, without writing to it, the journal of another target", async () => {
    const path = join(dir, "staging.jsonl");
    writeFileSync(path, `${HEADER}\n{"id":"a","ok":true}\n`);
    await expect(open(path, {}, { ...TARGET, baseUrl: "https://prod.thulium.com/api" })).rejects.toThrow(
      `--journal ${path} was written against "https://acme.thulium.com/api", and this run goes to "https://prod.thulium.com/api": the ids it records as done are not done here; give this run a new journal file`,
    );
    expect(readFileSync(path, "utf8")).toBe(`${HEADER}\n{"id":"a","ok":true}\n`);
  });

  it("says why it cannot open the file", async () => {
    await expect(open(join(dir, "no-such-dir", "j.jsonl"))).rejects.toThrow(/--journal .*no-such-dir\/j\.jsonl: cannot open it for appending: ENOENT/);
  });
});
