/** `thulium-chat-client/msw`: the client against msw's setupServer with the generated handlers. */
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createThuliumClient, operations, ThuliumApiError, ThuliumInputError } from "../src/index.js";
import { thuliumHandlers } from "../src/msw.js";

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
const server = setupServer(...thuliumHandlers());
const seen: Request[] = [];
server.events.on("request:start", ({ request }) => {
  seen.push(request);
});

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

const thulium = createThuliumClient({ system: "acme", username: "api_user", password: "api_pass", maxRetries: 0 });

describe("thuliumHandlers", () => {
  it("has one handler per operation of the spec", () => {
    expect(thuliumHandlers()).toHaveLength(Object.keys(operations).length);
  });

  it("answers every operation with the spec's first 2xx example, on any system", async () => {
    await expect(thulium.startChatConversation({ chat_queue_id: 3 })).resolves.toEqual({ conversation_id: ID });
    await expect(thulium.sendChatMessage({ id: ID, text: "Hello, world!" })).resolves.toBeUndefined();
    await expect(thulium.stopChatConversation({ id: ID })).resolves.toBeUndefined();
    await expect(thulium.deleteChatContent({ id: ID, participant: "both" })).resolves.toBeUndefined();
    await expect(thulium.deleteChatConversation({ id: ID })).resolves.toBeUndefined();
    const page = await thulium.listChats({ status: "CLOSED" });
    expect(page.result[0]).toMatchObject({ conversation_id: ID, created_at: "2017-12-11 10:23:04.318", status: "CLOSED" });
    await expect(thulium.listChatQueues()).resolves.toEqual([]);
    const rows = await thulium.getChatSummaryReport({ date_from: "2019-11-01 11:12:00", date_to: "2019-11-02 11:12:00" });
    expect(rows[0]?.series).toBeTypeOf("string");
    const other = createThuliumClient({ system: "other-system", username: "u", password: "p" });
    await expect(other.stopChatConversation({ id: ID })).resolves.toBeUndefined();
    // Every request was answered by the handlers, none passed through to the network.
    expect(seen.map((r) => new URL(r.url).host)).toEqual([...Array(8).fill("acme.thulium.com"), "other-system.thulium.com"]);
  });

  it("answers with a documented error status chosen per operation, with its example's request_id", async () => {
    server.use(...thuliumHandlers({ status: { stopChatConversation: 404, listChats: 403 } }));
    const notFound = await thulium.stopChatConversation({ id: ID }).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(ThuliumApiError);
    expect(notFound).toMatchObject({ status: 404, requestId: "6571a3c2b9e07", errors: [{ message: "Conversation not found.", code: 404001 }] });
    await expect(thulium.listChats()).rejects.toMatchObject({ status: 403, requestId: "6571a3c2b9e06" });
    await expect(thulium.sendChatMessage({ id: ID, text: "still fine" })).resolves.toBeUndefined();
    // A 2xx other than the first, too.
    server.use(...thuliumHandlers({ status: { startChatConversation: 201 } }));
    const response = await thulium.api.POST("/chat_conversations/start", { params: { query: { chat_queue_id: 3 } } });
    expect(response.response.status).toBe(201);
  });

  it("answers 401 with the spec's example when no Basic credentials are sent", async () => {
    const response = await fetch(`https://acme.thulium.com/api/chat_conversations/${ID}/stop`, { method: "POST" });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ request_id: "6571a3c2b9e05", errors: [{ code: 401001 }] });
  });

  it("answers on another base URL when given one, and not on Thulium's then", async () => {
    server.resetHandlers(...thuliumHandlers({ baseUrl: "http://127.0.0.1:4010/" }));
    const local = createThuliumClient({ baseUrl: "http://127.0.0.1:4010", username: "u", password: "p", maxRetries: 0 });
    await expect(local.startChatConversation({ chat_queue_id: 3 })).resolves.toEqual({ conversation_id: ID });
    server.use(http.all("https://*.thulium.com/*", () => HttpResponse.text("not the mock", { status: 599 })));
    await expect(thulium.listChatQueues()).rejects.toMatchObject({ status: 599 });
  });

  it.each([
    [{ status: { stopChatConversation: 418 } }, /stopChatConversation documents no 418 response; choose one of 200, 204, 400, 401, 403, 404, 500/],
    [{ status: { listChats: 404 } }, /listChats documents no 404 response/],
    [{ status: { stopChat: 404 } }, /unknown operation "stopChat"/],
    [{ baseUrl: "acme.thulium.com" }, /baseUrl must be an http\(s\) URL/],
  ])("refuses %j with a ThuliumInputError", (options, message) => {
    expect(() => thuliumHandlers(options as never)).toThrow(ThuliumInputError);
    expect(() => thuliumHandlers(options as never)).toThrow(message);
  });

  it("types the status per operation: only the ones its spec declares", () => {
    // @ts-expect-error stopChatConversation declares no 418
    expect(() => thuliumHandlers({ status: { stopChatConversation: 418 } })).toThrow();
    // @ts-expect-error listChats declares no 404
    expect(() => thuliumHandlers({ status: { listChats: 404 } })).toThrow();
    expect(thuliumHandlers({ status: { stopChatConversation: 404, startChatConversation: 201 } })).toHaveLength(Object.keys(operations).length);
  });
});
