/**
 * `list --all` as a table: printed a page at a time, as the pages arrive, not once the last has come;
 * later pages keep the first page's columns, cut to fit, unless they bring a column of their own.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { type FakeThulium, startFakeThulium } from "../fake-thulium/server.js";
import { envFor, type RunningCli, runCli } from "./run-cli.js";

const chat = (i: number, extra: Record<string, unknown> = {}) => ({
  conversation_id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  client_name: "Jan",
  created_at: "2026-11-02 10:00:00",
  status: "CLOSED",
  ...extra,
});

let server: FakeThulium;
beforeAll(async () => {
  server = await startFakeThulium();
});
afterAll(() => server.close());

/** Serves `pages` of `listChats` by offset, each once `ready(offset)` resolves. */
function servePages(pages: ReturnType<typeof chat>[][], ready: (offset: number) => Promise<void> = async () => {}) {
  const count = pages.reduce((n, page) => n + page.length, 0);
  server.answer({
    write(res, request) {
      const offset = Number(new URL(request.path, "http://x").searchParams.get("offset"));
      let start = 0;
      const page = pages.find((p) => (start += p.length) > offset) ?? [];
      void ready(offset).then(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ count, result: page }));
      });
    },
  });
}

it("prints the first page's rows before the next page is answered", async () => {
  const pages = [0, 1, 2].map((p) => Array.from({ length: p < 2 ? 100 : 50 }, (_, i) => chat(p * 100 + i)));
  let cli: RunningCli | undefined;
  let shownEarly = false;
  servePages(pages, async (offset) => {
    if (offset !== 100) return;
    // The second page waits until the first is on stdout, or 5 s, which a run printing only at its end never ends sooner than.
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && !(shownEarly = (cli?.stdout.text.split("\n").length ?? 0) > 100)) await new Promise((r) => setTimeout(r, 10));
  });
  const run = await runCli(["list", "--all"], { env: envFor(server.url), onStart: (c) => (cli = c) });
  expect(run).toMatchObject({ code: 0, stderr: "" });
  expect(shownEarly).toBe(true);
  const lines = run.stdout.trimEnd().split("\n");
  expect(lines[0]?.split(/\s{2,}/)).toEqual(["CONVERSATION_ID", "CLIENT_NAME", "CREATED_AT", "STATUS"]);
  expect(lines.slice(1).map((line) => line.split(/\s{2,}/)[0])).toEqual(pages.flat().map((c) => c.conversation_id));
  expect(server.requests).toHaveLength(3);
});

it("keeps the first page's columns and widths, cutting a longer cell to fit; a page with a new column starts a table of its own", async () => {
  const first = Array.from({ length: 100 }, (_, i) => chat(i, { client_name: i === 0 ? "Andrzej Nowak" : "Jan" }));
  const second = Array.from({ length: 100 }, (_, i) => chat(100 + i, { client_name: i === 0 ? "Bartłomiej Wiśniewski" : "Jan" }));
  const third = [chat(200, { closed_at: "2026-11-02 11:00:00" })];
  servePages([first, second, third]);
  const run = await runCli(["list", "--all"], { env: envFor(server.url) });
  expect(run).toMatchObject({ code: 0, stderr: "" });
  const lines = run.stdout.split("\n");
  const header = "CONVERSATION_ID                       CLIENT_NAME    CREATED_AT           STATUS";
  expect(lines[0]).toBe(header);
  // CLIENT_NAME is as wide as "Andrzej Nowak", the widest of the first page: the longer name of the second is cut to it.
  expect(lines[101]).toBe(`${second[0]?.conversation_id}  Bartłomiej W…  2026-11-02 10:00:00  CLOSED`);
  expect(lines.slice(1, 201).every((line) => [...line].length === header.length)).toBe(true);
  expect(lines.slice(201)).toEqual([
    "",
    "CONVERSATION_ID                       CLIENT_NAME  CREATED_AT           STATUS  CLOSED_AT",
    `${third[0]?.conversation_id}  Jan          2026-11-02 10:00:00  CLOSED  2026-11-02 11:00:00`,
    "",
  ]);
});
