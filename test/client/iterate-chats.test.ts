/**
 * iterateChats against a local server on 127.0.0.1 that serves `GET /chats`
 * pages as a handler decides: honest pages, an empty page, a lying `count`,
 * a server that ignores `offset`.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createThuliumClient, ThuliumError, ThuliumInputError } from "../../src/index.js";

type Page = { count: number; result: { conversation_id: string; created_at: string; status: string }[] };
type Handler = (query: URLSearchParams) => Page | string;

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Serves pages from `handler`; returns a client on it and the query strings it received. */
async function serve(handler: Handler) {
  const queries: string[] = [];
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    queries.push(url.search);
    const page = handler(url.searchParams);
    res.writeHead(200, { "Content-Type": "application/json" }).end(typeof page === "string" ? page : JSON.stringify(page));
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const thulium = createThuliumClient({ baseUrl: `http://127.0.0.1:${port}`, username: "u", password: "p", maxRetries: 0 });
  return { thulium, queries };
}

const chat = (n: number) => ({
  conversation_id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  created_at: "2017-12-11 10:23:04.318",
  status: "CLOSED",
});

/** `total` chats, served honestly by limit and offset, with `count` as given. */
function chats(total: number, count = total): Handler {
  const all = Array.from({ length: total }, (_, i) => chat(i));
  return (q) => {
    const offset = Number(q.get("offset"));
    return { count, result: all.slice(offset, offset + Number(q.get("limit"))) };
  };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("iterateChats", () => {
  it("reads 3 pages of 100, 100 and 50, advancing offset, and stops at count", async () => {
    const { thulium, queries } = await serve(chats(250));
    const got = await collect(thulium.iterateChats({ status: "CLOSED", chat_queue_id: 3 }));
    expect(got.map((c) => c.conversation_id)).toEqual(Array.from({ length: 250 }, (_, i) => chat(i).conversation_id));
    expect(queries).toEqual([
      "?limit=100&offset=0&status=CLOSED&chat_queue_id=3",
      "?limit=100&offset=100&status=CLOSED&chat_queue_id=3",
      "?limit=100&offset=200&status=CLOSED&chat_queue_id=3",
    ]);
  });

  it("passes the filters, Dates included, on every page", async () => {
    const { thulium, queries } = await serve(chats(150));
    await collect(thulium.iterateChats({ date_from: new Date("2026-03-29T01:00:00Z"), include_messages: true }));
    expect(queries.map((q) => decodeURIComponent(q))).toEqual([
      "?limit=100&offset=0&date_from=2026-03-29 03:00:00&include_messages=true",
      "?limit=100&offset=100&date_from=2026-03-29 03:00:00&include_messages=true",
    ]);
  });

  it("ends at an empty page, even when count promises more", async () => {
    const { thulium, queries } = await serve(chats(200, 1000));
    const got = await collect(thulium.iterateChats());
    expect(got).toHaveLength(200);
    expect(queries).toHaveLength(3);
  });

  it("ends at once when the first page is empty", async () => {
    const { thulium, queries } = await serve(() => ({ count: 0, result: [] }));
    expect(await collect(thulium.iterateChats())).toEqual([]);
    expect(queries).toHaveLength(1);
  });

  it("stops at count when count is lower than what the server would serve", async () => {
    const { thulium, queries } = await serve(chats(300, 150));
    expect(await collect(thulium.iterateChats())).toHaveLength(200);
    expect(queries).toHaveLength(2);
  });

  it("advances by the page it got when the server serves fewer than limit", async () => {
    const all = Array.from({ length: 70 }, (_, i) => chat(i));
    const { thulium, queries } = await serve((q) => {
      const offset = Number(q.get("offset"));
      return { count: 70, result: all.slice(offset, offset + 30) };
    });
    expect(await collect(thulium.iterateChats())).toHaveLength(70);
    expect(queries.map((q) => new URLSearchParams(q).get("offset"))).toEqual(["0", "30", "60"]);
  });

  it("throws instead of looping when the server ignores offset and repeats a page under a lying count", async () => {
    const { thulium, queries } = await serve(() => ({ count: 1_000_000, result: [chat(1), chat(2)] }));
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of thulium.iterateChats()) got.push(c.conversation_id);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ThuliumError);
    expect((err as Error).message).toMatch(/only chats already seen at offset 2/);
    expect(got).toEqual([chat(1).conversation_id, chat(2).conversation_id]);
    expect(queries).toHaveLength(2);
  });

  it("never yields a chat twice when chats shift across a page boundary", async () => {
    // The second page starts with the last chat of the first, as when a new chat arrives while paging.
    const pages = [
      [0, 1, 2],
      [2, 3, 4],
      [4, 5],
    ].map((ns) => ns.map(chat));
    const { thulium } = await serve((q) => ({ count: 8, result: pages[Number(q.get("offset")) / 3] ?? [] }));
    const got = await collect(thulium.iterateChats());
    expect(got.map((c) => c.conversation_id)).toEqual([0, 1, 2, 3, 4, 5].map((n) => chat(n).conversation_id));
  });

  it("stops after maxItems, without asking for more pages", async () => {
    const { thulium, queries } = await serve(chats(1000));
    expect(await collect(thulium.iterateChats({}, { maxItems: 150 }))).toHaveLength(150);
    expect(queries).toHaveLength(2);
    expect(await collect(thulium.iterateChats({}, { maxItems: 0 }))).toEqual([]);
    expect(queries).toHaveLength(2);
  });

  it("can be left early with break, asking for no further page", async () => {
    const { thulium, queries } = await serve(chats(1000));
    for await (const c of thulium.iterateChats()) if (c.conversation_id.endsWith("5")) break;
    expect(queries).toHaveLength(1);
  });

  it("refuses a malformed page with a clear error", async () => {
    const { thulium } = await serve(() => '{"count": 3, "result": null}');
    await expect(collect(thulium.iterateChats())).rejects.toThrow(/without a "count" number and a "result" array at offset 0/);
  });

  it("refuses bad arguments before any request", async () => {
    const { thulium, queries } = await serve(chats(10));
    await expect(collect(thulium.iterateChats({}, { maxItems: -1 }))).rejects.toThrow(ThuliumInputError);
    await expect(collect(thulium.iterateChats({}, { maxItems: 1.5 }))).rejects.toThrow(/maxItems/);
    // @ts-expect-error the iterator sets limit itself
    await expect(collect(thulium.iterateChats({ limit: 10 }))).rejects.toMatchObject({ field: "limit" });
    await expect(collect(thulium.iterateChats({ status: "OPEN" as "CLOSED" }))).rejects.toMatchObject({ field: "status" });
    expect(queries).toEqual([]);
  });
});
