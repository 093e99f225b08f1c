/**
 * What one answer costs in memory, measured in a child process after a full
 * GC: parsed, JSON of empty objects (the worst shape measured) holds about
 * 21 bytes of heap per byte of body, so the default `maxResponseBytes` (2 MiB)
 * keeps one answer under 64 MB, and a larger body is refused having read no further.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { json } from "../fake-thulium/answers.js";
import { type FakeThulium, startFakeThulium } from "../fake-thulium/server.js";

const CHILD = fileURLToPath(new URL("./answer-memory-child.ts", import.meta.url));
const MiB = 1024 * 1024;
const BUDGET = 64 * MiB;

let server: FakeThulium;
beforeAll(async () => {
  server = await startFakeThulium();
});
afterAll(() => server.close());

/** A `listChats` page of `bytes` bytes whose result is `{}` after `{}`. */
function emptyObjects(bytes: number): string {
  const head = '{"count":1,"result":[';
  const items = Math.floor((bytes - head.length - 2) / 3);
  return `${head}${"{},".repeat(items - 1)}{}]}`;
}

async function measure(limit?: number): Promise<{ outcome: string; heldBytes: number; items?: number }> {
  const args = ["--expose-gc", "--import", "tsx", CHILD, server.url, ...(limit === undefined ? [] : [String(limit)])];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: MiB });
  return JSON.parse(stdout);
}

it("refuses a 16 MiB answer under the default limit, holding almost nothing", async () => {
  server.answer(json(200, emptyObjects(16 * MiB)));
  const { outcome, heldBytes } = await measure();
  expect(outcome).toBe("ThuliumResponseError too-large");
  expect(heldBytes).toBeLessThan(8 * MiB);
});

it("keeps the largest answer the default lets through, of the worst shape, under 64 MB of heap", async () => {
  server.answer(json(200, emptyObjects(2 * MiB)));
  const { outcome, heldBytes, items } = await measure();
  expect(outcome).toBe("resolved");
  expect(items).toBeGreaterThan(690_000);
  expect(heldBytes).toBeLessThan(BUDGET);
});

it("still takes a larger answer when a call raises maxResponseBytes", async () => {
  server.answer(json(200, emptyObjects(3 * MiB)));
  expect((await measure()).outcome).toBe("ThuliumResponseError too-large");
  expect(await measure(4 * MiB)).toMatchObject({ outcome: "resolved" });
});
