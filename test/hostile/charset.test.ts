/**
 * Text in another charset, or bytes that are no text at all: answers and
 * webhook deliveries are decoded by the charset their Content-Type declares
 * (UTF-8 when none), and bytes that are not text in it, or a charset this
 * runtime cannot decode, are refused, never handed on as U+FFFD. Requests
 * are counted on the server's side, events in the receiver.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type ChatWebhook,
  createChatWebhookHandler,
  createThuliumClient,
  parseChatWebhook,
  ThuliumApiError,
  ThuliumInputError,
  ThuliumResponseError,
} from "../../src/index.js";
import { failure } from "../expect-failure.js";
import { type FakeThulium, type Reply, startFakeThulium } from "../fake-thulium/server.js";

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
const REPLACEMENT = "\ufffd";

/** ISO-8859-2 bytes of `text`, for the characters these tests use (ASCII, Ł and ł). */
function latin2(text: string): Buffer {
  return Buffer.from(Array.from(text, (c) => (c === "Ł" ? 0xa3 : c === "ł" ? 0xb3 : (c.codePointAt(0) as number))));
}

const page = (name: string) => JSON.stringify({ count: 1, result: [{ conversation_id: ID, client_name: name, status: "CLOSED" }] });

/** Answers `status` with `body`'s bytes as they are, under `contentType`. */
const bytes = (status: number, contentType: string, body: Buffer): Reply => ({
  write(res) {
    res.writeHead(status, { "content-type": contentType, "content-length": String(body.length) });
    res.end(body);
  },
});

let server: FakeThulium;
beforeAll(async () => {
  server = await startFakeThulium();
});
afterAll(() => server.close());

const client = () => createThuliumClient({ baseUrl: server.url, username: "api_user", password: "pw", validateResponses: "off" });

describe("a 2xx answer", () => {
  it("in ISO-8859-2, declared, is read in it: client_name is Łukasz", async () => {
    server.answer(bytes(200, "application/json; charset=iso-8859-2", latin2(page("Łukasz"))));
    const chats = await client().listChats();
    expect(chats.result[0]?.client_name).toBe("Łukasz");
    expect(server.requests).toHaveLength(1);
  });

  it("in a quoted, upper-case charset parameter after another one, is read in it", async () => {
    server.answer(bytes(200, 'application/json; foo=bar; Charset="ISO-8859-2"', latin2(page("Łukasz"))));
    expect((await client().listChats()).result[0]?.client_name).toBe("Łukasz");
  });

  it("in UTF-8 with a character split across two chunks is read whole", async () => {
    const body = Buffer.from(page("Łukasz"));
    const at = body.indexOf(0xc5) + 1; // between the two bytes of Ł
    server.answer({
      write(res) {
        res.writeHead(200, { "content-type": "application/json" });
        res.write(body.subarray(0, at));
        setTimeout(() => res.end(body.subarray(at)), 30);
      },
    });
    expect((await client().listChats()).result[0]?.client_name).toBe("Łukasz");
  });

  it('with bytes that are not UTF-8 and no charset is ThuliumResponseError "bad-charset", sent once, never U+FFFD', async () => {
    server.answer(bytes(200, "application/json", latin2(page("Łukasz"))));
    const err = await failure(client().listChats());
    expect(err).toBeInstanceOf(ThuliumResponseError);
    expect(err.problem).toBe("bad-charset");
    expect(err.message).toMatch(/^listChats failed: 200 with a body that is not valid utf-8 text/);
    expect(err.message).not.toContain(REPLACEMENT);
    expect(server.requests).toHaveLength(1);
  });

  it('with bytes that are not text in the declared charset is "bad-charset", naming it', async () => {
    server.answer(
      bytes(
        200,
        "application/json; charset=utf-8",
        Buffer.concat([Buffer.from('{"count":1,"result":[{"x":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}]}')]),
      ),
    );
    const err = await failure(client().listChats());
    expect(err).toBeInstanceOf(ThuliumResponseError);
    expect(err.problem).toBe("bad-charset");
    expect(err.message).toContain("utf-8");
  });

  it('in a charset this runtime cannot decode is "bad-charset", naming the charset, sent once', async () => {
    server.answer(bytes(200, "application/json; charset=x-klingon", Buffer.from(page("Lukasz"))));
    const err = await failure(client().listChats());
    expect(err).toBeInstanceOf(ThuliumResponseError);
    expect(err.problem).toBe("bad-charset");
    expect(err.message).toMatch(/^listChats failed: 200 with a body in charset "x-klingon", which this runtime cannot decode/);
    expect(server.requests).toHaveLength(1);
  });

  it("reaches client.api's data in its charset, and middleware as UTF-8", async () => {
    server.answer(bytes(200, "application/json; charset=iso-8859-2", latin2(page("Łukasz"))));
    const thulium = client();
    expect((await thulium.api.GET("/chats")).data?.result[0]?.client_name).toBe("Łukasz");
    // A middleware that rebuilds the answer from its text and headers, as many do.
    thulium.use({ onResponse: async ({ response }) => new Response(await response.text(), response) });
    expect((await thulium.listChats()).result[0]?.client_name).toBe("Łukasz");
    expect((await thulium.api.GET("/chats")).data?.result[0]?.client_name).toBe("Łukasz");
  });

  it('refuses through client.api too, "bad-charset"', async () => {
    server.answer(bytes(200, "application/json", latin2(page("Łukasz"))));
    const err = await failure(client().api.GET("/chats"));
    expect(err).toBeInstanceOf(ThuliumResponseError);
    expect(err.problem).toBe("bad-charset");
  });
});

describe("an error answer", () => {
  it("in ISO-8859-2, declared, gives Thulium's message in it", async () => {
    server.answer(
      bytes(
        404,
        "application/json; charset=iso-8859-2",
        latin2(JSON.stringify({ request_id: "r-1", errors: [{ message: "Czat Łukasza nie istnieje", code: 1 }] })),
      ),
    );
    const err = await failure(client().stopChatConversation({ id: ID }));
    expect(err).toBeInstanceOf(ThuliumApiError);
    expect(err.status).toBe(404);
    expect(err.message).toBe("stopChatConversation failed: 404 Czat Łukasza nie istnieje (request_id r-1)");
  });

  it("with bytes that are not text stays the status's ThuliumApiError, U+FFFD in its message only", async () => {
    server.answer(bytes(404, "application/json", latin2(JSON.stringify({ request_id: "r-2", errors: [{ message: "Czat Łukasza", code: 1 }] }))));
    const err = await failure(client().stopChatConversation({ id: ID }));
    expect(err).toBeInstanceOf(ThuliumApiError);
    expect(err.status).toBe(404);
    expect(err.requestId).toBe("r-2");
    expect(err.message).toBe(`stopChatConversation failed: 404 Czat ${REPLACEMENT}ukasza (request_id r-2)`);
  });

  it("in a charset this runtime cannot decode stays the status's ThuliumApiError", async () => {
    server.answer(
      bytes(503, "application/json; charset=x-klingon", Buffer.from(JSON.stringify({ request_id: "r-3", errors: [{ message: "busy", code: 1 }] }))),
    );
    const err = await failure(client().stopChatConversation({ id: ID }, { maxRetries: 0 }));
    expect(err).toBeInstanceOf(ThuliumApiError);
    expect(err.message).toBe("stopChatConversation failed: 503 busy (request_id r-3)");
  });
});

describe("a webhook delivery", () => {
  const event = (name: string) =>
    JSON.stringify({
      action: "CHAT_CONVERSATION_CREATED",
      conversation_id: ID,
      client_name: name,
      client_email: "lukasz@example.org",
      date: "2026-05-18 13:56:05",
      chat_queue_id: 1,
    });
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  /** Posts `body` under `contentType` to the handler's `form`; resolves to the answer and the events onEvent got. */
  async function deliver(form: "fetch" | "node", contentType: string | undefined, body: Buffer) {
    const events: ChatWebhook[] = [];
    const handler = createChatWebhookHandler({ onEvent: (e) => void events.push(e) });
    const headers: Record<string, string> = contentType === undefined ? {} : { "content-type": contentType };
    let res: Response;
    if (form === "fetch") {
      res = await handler.fetch(new Request("https://receiver.example/", { method: "POST", headers, body }));
    } else {
      const http = createServer((req, r) => void handler.node(req, r));
      servers.push(http);
      await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
      res = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`, { method: "POST", headers, body });
    }
    return { status: res.status, reason: await res.text(), events };
  }

  describe.each(["fetch", "node"] as const)("to the %s form", (form) => {
    it("in ISO-8859-2, declared, reaches onEvent in it: client_name is Łukasz", async () => {
      const { status, events } = await deliver(form, "application/json; charset=iso-8859-2", latin2(event("Łukasz")));
      expect(status).toBe(200);
      expect(events.map((e) => (e as { client_name?: string }).client_name)).toEqual(["Łukasz"]);
    });

    it("with bytes that are not UTF-8 and no charset is 400, on one line naming UTF-8, and never reaches onEvent", async () => {
      for (const contentType of ["application/json", undefined]) {
        const { status, reason, events } = await deliver(form, contentType, latin2(event("Łukasz")));
        expect(status).toBe(400);
        expect(reason).toMatch(/^Bad Request: the body is not valid utf-8 text/);
        expect(reason).not.toContain("\n");
        expect(events).toEqual([]);
      }
    });

    it("in a charset this runtime cannot decode is 415, naming the charset, and never reaches onEvent", async () => {
      const { status, reason, events } = await deliver(form, "application/json; charset=x-klingon", Buffer.from(event("Lukasz")));
      expect(status).toBe(415);
      expect(reason).toMatch(/^Unsupported Media Type: the body's charset "x-klingon" is not one this receiver can decode/);
      expect(events).toEqual([]);
    });
  });

  it("as raw bytes to parseChatWebhook is refused when they are not UTF-8", () => {
    expect(() => parseChatWebhook(latin2(event("Łukasz")))).toThrow(ThuliumInputError);
    expect(() => parseChatWebhook(latin2(event("Łukasz")))).toThrow(/not valid UTF-8/);
    expect((parseChatWebhook(Buffer.from(event("Łukasz"))) as { client_name?: string }).client_name).toBe("Łukasz");
  });
});
