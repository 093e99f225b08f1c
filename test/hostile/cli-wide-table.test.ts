/**
 * An answer wider than any terminal, printed as a table: `thulium-chat queues` on 100 rows of 1 600 keys
 * each (1.7 MB), which took 49 s, 0.96 GB of RSS and wrote 53 MB when the table was built in quadratic
 * time with every column. Proved by the bytes written, and by finishing well within the test's timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envFor, runCli } from "../cli/run-cli.js";
import { json } from "../fake-thulium/answers.js";
import { type FakeThulium, startFakeThulium } from "../fake-thulium/server.js";

let server: FakeThulium;
beforeAll(async () => {
  server = await startFakeThulium();
});
afterAll(() => server.close());

/** `rows` rows of `keys` keys each, the same keys in every row or, with `distinct`, keys no other row has. */
function wideRows(rows: number, keys: number, distinct: boolean): Record<string, number>[] {
  return Array.from({ length: rows }, (_, r) => {
    const row: Record<string, number> = {};
    for (let k = 0; k < keys; k++) row[`k${(distinct ? r * keys + k : k).toString(36)}`] = r;
    return row;
  });
}

describe("a table of an answer with thousands of keys", () => {
  it.each([
    ["none shared", true, 159_980],
    ["the same in every row", false, 1_580],
  ])("keys %s: 20 columns, a line saying how many were left out and where they are, in a few KiB", async (_shape, distinct, leftOut) => {
    const rows = wideRows(100, 1_600, distinct);
    const body = JSON.stringify(rows);
    expect(body.length).toBeGreaterThan(1_400_000);
    server.answer(json(200, body));
    const run = await runCli(["queues"], { env: envFor(server.url) });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const lines = run.stdout.split("\n");
    expect(lines).toHaveLength(103);
    expect(lines[0]?.split("  ").filter(Boolean)).toHaveLength(20);
    expect(lines[1]?.split(/ +/)).toEqual(Array.from({ length: 20 }, () => "0"));
    expect(lines[101]).toBe(`(${leftOut} more columns not shown: a table shows at most 20; --json prints every field)`);
    expect(Buffer.byteLength(run.stdout)).toBeLessThan(16 * 1024);

    const all = await runCli(["queues", "--json"], { env: envFor(server.url) });
    expect(all.stdout).toBe(`${JSON.stringify(rows, null, 2)}\n`);
  });
});
