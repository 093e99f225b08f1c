/**
 * Hostile answers: what a broken or malicious server can send, and what the
 * client does with it. Each case proves its point on the server's side
 * (requests counted, bytes sent) or in the process's memory.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createThuliumClient,
  ThuliumApiError,
  type ThuliumClientOptions,
  ThuliumError,
  ThuliumInputError,
  ThuliumResponseError,
  ThuliumTimeoutError,
} from "../../src/index.js";
import { failure } from "../expect-failure.js";
import { gzipBomb, huge, hugeJson, json, trickle } from "../fake-thulium/answers.js";
import { type FakeThulium, startFakeThulium } from "../fake-thulium/server.js";
import { rssGrowth } from "./rss-growth.js";

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
const PASSWORD = "hostile-s3cret";
const BASIC = Buffer.from(`api_user:${PASSWORD}`).toString("base64");
const MiB = 1024 * 1024;
const RSS_BUDGET = 256 * MiB;

let server: FakeThulium;
beforeAll(async () => {
  server = await startFakeThulium();
});
afterAll(() => server.close());

const client = (options: Partial<ThuliumClientOptions> = {}) =>
  createThuliumClient({ baseUrl: server.url, username: "api_user", password: PASSWORD, ...options });

function expectNoSecret(err: unknown) {
  for (const text of [String(err), JSON.stringify(err), inspect(err, { depth: 10, showHidden: true })]) {
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(BASIC);
  }
}

describe("bounded reads", () => {
  it("reads at most 64 KiB of a 500 whose gzip body inflates to 640 MiB, on every attempt", async () => {
    server.answer(gzipBomb(500, 640));
    const { growth, outcome } = await rssGrowth(() => client({ maxRetries: 1 }).stopChatConversation({ id: ID }));
    const err = outcome as ThuliumApiError;
    expect(err).toBeInstanceOf(ThuliumApiError);
    expect(err.status).toBe(500);
    expect(err.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    expect(err.message.length).toBeLessThanOrEqual(500);
    expect(growth).toBeLessThan(RSS_BUDGET);
  });

  it("reads at most 64 KiB of a 404 with a 300 MiB body, and stops the server sending it", async () => {
    server.answer(hugeJson(404, 300));
    const { growth, outcome } = await rssGrowth(() => client().stopChatConversation({ id: ID }));
    expect(outcome).toBeInstanceOf(ThuliumApiError);
    expect((outcome as ThuliumApiError).status).toBe(404);
    expect(server.requests).toHaveLength(1);
    // What the sockets buffer, not what the body holds.
    expect(server.sent.bytes).toBeLessThan(32 * MiB);
    expect(growth).toBeLessThan(RSS_BUDGET);
  });

  it("fails a 300 MiB 2xx past maxResponseBytes with an error naming the limit, having read no more", async () => {
    server.answer(hugeJson(200, 300));
    const { growth, outcome } = await rssGrowth(() => client().listChats());
    const err = outcome as ThuliumResponseError;
    expect(err).toBeInstanceOf(ThuliumResponseError);
    expect(err.problem).toBe("too-large");
    expect(err.message).toMatch(/^listChats failed: 200 with a body larger than 2097152 bytes; .*Raise maxResponseBytes/);
    expect(server.requests).toHaveLength(1);
    expect(server.sent.bytes).toBeLessThan(64 * MiB);
    expect(growth).toBeLessThan(RSS_BUDGET);
    expectNoSecret(err);
  });

  it("stops inflating a 2xx compression bomb at the limit, per call", async () => {
    server.answer(gzipBomb(200, 640));
    const { growth, outcome } = await rssGrowth(() => client().listChats({}, { maxResponseBytes: 1 * MiB }));
    expect(outcome).toBeInstanceOf(ThuliumResponseError);
    expect((outcome as Error).message).toContain("larger than 1048576 bytes");
    expect(growth).toBeLessThan(RSS_BUDGET);
  });

  it("drops a 300 MiB body the spec does not declare without reading it", async () => {
    server.answer(hugeJson(200, 300));
    const { growth, outcome } = await rssGrowth(() => client().stopChatConversation({ id: ID }));
    expect(outcome).toBeUndefined();
    expect(server.sent.bytes).toBeLessThan(32 * MiB);
    expect(growth).toBeLessThan(RSS_BUDGET);
  });

  it("bounds a never-ending error body by the attempt's timeout", async () => {
    server.answer(trickle(503, 20));
    const err = await failure(client({ timeoutMs: 300, maxRetries: 0 }).stopChatConversation({ id: ID }));
    expect(err).toBeInstanceOf(ThuliumTimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it("turns a broken gzip body into a ThuliumError naming the operation", async () => {
    server.answer(huge(200, 4096, Buffer.from("not gzip at all, but says so"), { "content-encoding": "gzip" }));
    const err = await failure(client().startChatConversation({ chat_queue_id: 3 }));
    expect(err).toBeInstanceOf(ThuliumError);
    expect(err.operationId).toBe("startChatConversation");
    expect(server.requests).toHaveLength(1);
  });
});

describe("clean messages", () => {
  it("makes a 10 MB Thulium message with newlines and ANSI escapes one clean line naming operation, status and request_id", async () => {
    const evil = `line one\n\u001b[31mred\u001b[0m\r\nline two ${"x".repeat(10 * MiB)}`;
    server.answer(json(404, { request_id: "53678450401cf", errors: [{ message: evil, code: 7 }] }));
    const err = await failure(client().stopChatConversation({ id: ID }));
    expect(err).toBeInstanceOf(ThuliumApiError);
    expect(err.message.length).toBeLessThanOrEqual(500);
    expect(err.message).toMatch(/^stopChatConversation failed: 404 line one red line two x+…? \(request_id 53678450401cf\)$/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting there are none
    expect(err.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    // Salvaged from the first 64 KiB: the message, capped; its code came after the cut.
    expect(err.errors[0].message).toMatch(/^line one\n/);
    expect(err.errors[0].message.length).toBeLessThanOrEqual(4097);
    expect(err.errors[0].code).toBeNaN();
    expectNoSecret(err);
  });

  it("removes line separators and bidi controls, which would reorder or split what a log shows", async () => {
    server.answer(json(400, { request_id: "r-1", errors: [{ message: "a\u2028b\u202egnp.exe\u2066c\u0085d", code: 1 }] }));
    const err = await failure(client().stopChatConversation({ id: ID }));
    expect(err.message).toBe("stopChatConversation failed: 400 a b gnp.exe c d (request_id r-1)");
  });

  it("names the missing request_id when the error body has none", async () => {
    server.answer(json(500, "<html>\n<h1>oops</h1></html>"));
    const err = await failure(client({ maxRetries: 0 }).stopChatConversation({ id: ID }));
    expect(err.message).toBe("stopChatConversation failed: 500 <html> <h1>oops</h1></html> (no request_id)");
  });
});

describe("validated answers", () => {
  for (const [body, problem] of [
    [{ conversation_id: 5 }, "conversation_id: must be a string, got number 5"],
    [null, "must be an object, got null"],
    [[], "must be an object, got an array"],
  ] as const) {
    it(`throws on ${JSON.stringify(body)} from startChatConversation with validateResponses "throw"`, async () => {
      server.answer(json(200, body));
      const err = await failure(client({ validateResponses: "throw" }).startChatConversation({ chat_queue_id: 3 }));
      expect(err).toBeInstanceOf(ThuliumResponseError);
      expect(err.problem).toBe("invalid");
      expect(err.message).toBe(`startChatConversation failed: 200 with a body that breaks the spec: ${problem}`);
      expect(err.body).toEqual(body);
      expectNoSecret(err);
    });
  }

  it('warns once per operation and field with "warn", the default, and resolves', async () => {
    server.answer(json(200, { conversation_id: 5 }));
    const warnings: unknown[][] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (...a: unknown[]) => warnings.push(a) };
    const thulium = client({ logger });
    expect(await thulium.startChatConversation({ chat_queue_id: 3 })).toEqual({ conversation_id: 5 });
    expect(await thulium.startChatConversation({ chat_queue_id: 3 })).toEqual({ conversation_id: 5 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.[1]).toMatch(/^startChatConversation: the 200 answer breaks the spec: conversation_id: must be a string, got number 5/);
    expect(JSON.stringify(warnings)).not.toContain(PASSWORD);
    expect(JSON.stringify(warnings)).not.toContain(BASIC);
  });

  it("warns on console.warn when there is no logger, and says nothing when validateResponses is off", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      server.answer(json(200, { count: 1, result: [{ conversation_id: ID, created_at: "yesterday", status: "CLOSED" }] }));
      await client({ validateResponses: "off" }).listChats();
      expect(warn).not.toHaveBeenCalled();
      await client().listChats();
      await client().listChats();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain("result[0].created_at");
    } finally {
      warn.mockRestore();
    }
  });

  it("allows fields the spec does not declare", async () => {
    server.answer(json(200, { conversation_id: ID, brand_new_field: { any: "thing" } }));
    await expect(client({ validateResponses: "throw" }).startChatConversation({ chat_queue_id: 3 })).resolves.toMatchObject({ conversation_id: ID });
  });
});

describe("inputs that slipped through", () => {
  it("refuses a lone surrogate, a NUL or an invalid e-mail in a parameter, sending nothing", async () => {
    server.answer(json(200, { conversation_id: ID }));
    for (const [params, field] of [
      [{ chat_queue_id: 3, client_surname: "Kowalski\ud800" }, "client_surname"],
      [{ chat_queue_id: 3, client_name: "Jan\u0000" }, "client_name"],
      [{ chat_queue_id: 3, client_email: "not-an-email" }, "client_email"],
    ] as const) {
      const err = await failure(client().startChatConversation(params));
      expect(err).toBeInstanceOf(ThuliumInputError);
      expect(err.field).toBe(field);
      expect(err.message).toContain(`"${field}"`);
    }
    expect(server.requests).toHaveLength(0);
  });

  it("refuses a header option that is not a valid header value when the client is made", () => {
    expect(() => client({ userAgent: "a\r\nb" })).toThrow(ThuliumInputError);
    expect(() => client({ userAgent: "a\r\nb" })).toThrow(/userAgent must be a valid HTTP header value/);
    expect(() => client({ acceptLanguage: "pl\n" })).toThrow(/acceptLanguage must be a valid HTTP header value/);
  });

  it("refuses an unknown option, suggesting the nearest known one, on the client and on a call", async () => {
    expect(() => client({ timeout: 5000 } as never)).toThrow('createThuliumClient: unknown option "timeout"; did you mean "timeoutMs"?');
    server.answer(json(200, {}));
    const err = await failure(client().stopChatConversation({ id: ID }, { retries: 1 } as never));
    expect(err).toBeInstanceOf(ThuliumInputError);
    expect(err.message).toContain('unknown option "retries"; did you mean "maxRetries"?');
    expect(server.requests).toHaveLength(0);
  });

  it("names the type it got for an option", () => {
    expect(() => client({ timeoutMs: "5000" as never })).toThrow('timeoutMs must be a whole number, got string "5000"');
  });

  it("refuses a username or password holding a lone surrogate, naming the field and never the password, sending nothing", async () => {
    server.answer(json(200, { conversation_id: ID }));
    for (const [options, field] of [
      [{ username: "u\ud800" }, "username"],
      [{ password: "p\udc00ss-s3cret" }, "password"],
    ] as const) {
      const err = await failure((async () => client(options).stopChatConversation({ id: ID }))());
      expect(err).toBeInstanceOf(ThuliumInputError);
      expect(err.field).toBe(field);
      expect(err.message).toMatch(new RegExp(`^${field} .*lone surrogate`));
      expect(String(err)).not.toContain("s3cret");
    }
    expect(server.requests).toHaveLength(0);
  });

  it("refuses a date that does not exist, or a Date outside years 1 to 9999, naming the parameter, sending nothing", async () => {
    server.answer(json(200, { count: 0, result: [] }));
    const report = { limit: 1, aggregate_by: "day" } as const;
    for (const [call, field, got] of [
      [() => client().listChats({ date_from: "2026-02-30" }), "date_from", '"2026-02-30"'],
      [() => client().getChatSummaryReport({ ...report, date_from: "2026-02-01", date_to: "2026-02-31" }), "date_to", '"2026-02-31"'],
      [() => client().listChats({ date_from: "0000-06-01 10:00" }), "date_from", '"0000-06-01 10:00"'],
      [() => client().listChats({ date_to: new Date(Date.UTC(-1, 5, 1)) }), "date_to", "-000001-06-01T00:00:00.000Z"],
      [() => client().listChats({ date_to: new Date(Date.UTC(10000, 0, 1)) }), "date_to", "+010000-01-01T00:00:00.000Z"],
    ] as const) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(ThuliumInputError);
      expect(err.field).toBe(field);
      expect(err.message).toContain(`parameter "${field}"`);
      expect(err.message).toContain(got);
      expect(err.message).toMatch(/such as "2026-02-28"/);
    }
    expect(server.requests).toHaveLength(0);
  });

  it("words a bad date as the forms it accepts, never a regular expression", async () => {
    const err = await failure(client().listChats({ date_from: "11/01/2019" }));
    expect(err).toBeInstanceOf(ThuliumInputError);
    expect(err.message).toContain("YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS");
    expect(err.message).not.toMatch(/\\d|\^|\$/);
    const invalid = await failure(client().listChats({ date_from: new Date("nonsense") }));
    expect(invalid.message).toContain("an invalid Date");
  });
});

describe("iterateChats always ends", () => {
  it("throws within 3 pages when the server ignores offset and its chats have no string conversation_id", async () => {
    const page = { count: 1_000_000, result: [{ conversation_id: 1 }, { conversation_id: 2 }] };
    server.answer(json(200, page));
    const got: unknown[] = [];
    const err = await failure(
      (async () => {
        for await (const c of client({ validateResponses: "off" }).iterateChats()) got.push(c);
      })(),
    );
    expect(err).toBeInstanceOf(ThuliumError);
    expect(got).toHaveLength(2);
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });

  it("ends at the first page's count when chats arrive while it pages (count 250 growing to 550), without an error", async () => {
    let served = 0;
    server.answer({
      write(res) {
        res.writeHead(200, { "content-type": "application/json" });
        // A live system: 100 new chats arrive with every page read.
        res.end(JSON.stringify({ count: 250 + served, result: Array.from({ length: 100 }, () => ({ conversation_id: `chat-${served++}` })) }));
      },
    });
    const got: unknown[] = [];
    for await (const chat of client({ validateResponses: "off" }).iterateChats()) got.push(chat);
    // Pages at offsets 0, 100 and 200 cover the 250 chats there were when the run began.
    expect(server.requests.map((r) => new URL(r.path, server.url).searchParams.get("offset"))).toEqual(["0", "100", "200"]);
    expect(got).toHaveLength(300);
  });

  it("never asks for more than ceil(count / limit) + 1 pages, even when every page is new", async () => {
    let n = 0;
    server.answer({
      write(res) {
        res.writeHead(200, { "content-type": "application/json" });
        // Each page is new, and the count grows with every page, as if the server never ran out.
        res.end(JSON.stringify({ count: 250 + n, result: Array.from({ length: 100 }, () => ({ conversation_id: `chat-${n++}` })) }));
      },
    });
    // It ends at the first page's count (the error it threw before ended the run just the same).
    for await (const _ of client({ validateResponses: "off" }).iterateChats());
    // The first page said 250 chats in pages of 100.
    expect(server.requests.length).toBeLessThanOrEqual(Math.ceil(250 / 100) + 1);
  });

  it("throws within ceil(count / first page's size) + 1 pages when later pages shrink to one new chat each", async () => {
    let n = 0;
    server.answer({
      write(res) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ count: 250, result: Array.from({ length: n === 0 ? 100 : 1 }, () => ({ conversation_id: `chat-${n++}` })) }));
      },
    });
    const err = await failure(
      (async () => {
        for await (const _ of client({ validateResponses: "off" }).iterateChats());
      })(),
    );
    expect(err).toBeInstanceOf(ThuliumError);
    expect(err.message).toMatch(/^listChats served fewer chats per page than its first page did/);
    expect(server.requests).toHaveLength(Math.ceil(250 / 100) + 1);
  });
});
