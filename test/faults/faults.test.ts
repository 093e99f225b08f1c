import { createHook } from "node:async_hooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/dev/prism.js";
import {
  createThuliumClient,
  ThuliumAbortError,
  ThuliumApiError,
  type ThuliumClientOptions,
  ThuliumConnectionError,
  ThuliumTimeoutError,
} from "../../src/index.js";
import { failure } from "../expect-failure.js";
import { delayBody, delayHeaders, reply, resetBeforeResponse, resetMidBody, resetMidError } from "../fake-thulium/answers.js";
import { type FakeThulium, startFakeThulium, thuliumError } from "../fake-thulium/server.js";

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";

// Every timer the client creates must be cleared, unref'd or not.
const liveTimers = new Map<number, string>();
const timerHook = createHook({
  init(id, type) {
    if (type !== "Timeout") return;
    const stack = new Error().stack ?? "";
    if (stack.includes("/src/")) liveTimers.set(id, stack);
  },
  destroy(id) {
    liveTimers.delete(id);
  },
});

let server: FakeThulium;
beforeAll(async () => {
  server = await startFakeThulium();
  timerHook.enable();
});
afterAll(async () => {
  timerHook.disable();
  await server.close();
});
beforeEach(() => liveTimers.clear());

const client = (options: Partial<ThuliumClientOptions> = {}) =>
  createThuliumClient({ baseUrl: server.url, username: "api_user", password: "s3cret-pass", ...options });

describe("fault injection: stopChatConversation (idempotent)", () => {
  it("retries a connection reset before the response, then gives up with ThuliumConnectionError", async () => {
    server.answer(resetBeforeResponse);
    const err = await failure(client({ maxRetries: 1 }).stopChatConversation({ id: ID }));
    expect(err).toBeInstanceOf(ThuliumConnectionError);
    expect(err.attempts).toBe(2);
    expect(err.message).toMatch(/^stopChatConversation could not reach Thulium: /);
    expect(server.requests).toHaveLength(2);
  });

  it("resolves when a 2xx answer breaks off in a body the spec does not declare: the server has answered", async () => {
    server.answer(resetMidBody, reply(200));
    await expect(client().stopChatConversation({ id: ID })).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  it("retries a reset in the middle of an error body", async () => {
    server.answer(resetMidError, reply(200));
    await expect(client().stopChatConversation({ id: ID })).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it("times out when headers come later than timeoutMs, retrying each attempt", async () => {
    server.answer(delayHeaders(2_000));
    const err = await failure(client({ timeoutMs: 100, maxRetries: 1 }).stopChatConversation({ id: ID }));
    expect(err).toBeInstanceOf(ThuliumTimeoutError);
    expect(err.timeoutMs).toBe(100);
    expect(err.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it("takes a per-call timeout over the client's", async () => {
    server.answer(delayHeaders(2_000));
    const err = await failure(client({ timeoutMs: 30_000, maxRetries: 0 }).stopChatConversation({ id: ID }, { timeoutMs: 50 }));
    expect(err).toBeInstanceOf(ThuliumTimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it("retries 503 and returns the 200 that follows", async () => {
    server.answer(reply(503, "<html>busy</html>"), reply(200));
    await expect(client().stopChatConversation({ id: ID })).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it("waits as long as Retry-After asks after a 429", async () => {
    server.answer(reply(429, thuliumError("Too many requests", "r429", 1), { "retry-after": "1" }), reply(200));
    const started = performance.now();
    await client().stopChatConversation({ id: ID });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(server.requests).toHaveLength(2);
  });

  it("gives up after 1 + maxRetries attempts on repeated 500s", async () => {
    server.answer(reply(500, thuliumError("Internal server error.", "r500", 500001)));
    const err = await failure(client().stopChatConversation({ id: ID }));
    expect(err).toBeInstanceOf(ThuliumApiError);
    expect(err).toMatchObject({ status: 500, attempts: 3, retryable: true, requestId: "r500" });
    expect(server.requests).toHaveLength(3);
  });

  it("does not retry 401 and exposes Thulium's error body", async () => {
    server.answer(reply(401, thuliumError("Authorization failed.", "5367845040", 401001)));
    const err = await failure(client().stopChatConversation({ id: ID }));
    expect(err).toMatchObject({
      status: 401,
      requestId: "5367845040",
      errors: [{ message: "Authorization failed.", code: 401001 }],
      attempts: 1,
      retryable: false,
      operationId: "stopChatConversation",
    });
    expect(err.message).toBe("stopChatConversation failed: 401 Authorization failed. (request_id 5367845040)");
    expect(server.requests).toHaveLength(1);
  });

  it("turns an HTML 502 page into a ThuliumApiError with a short message", async () => {
    const page = `<html>\n<head><title>502 Bad Gateway</title></head>\n<body>${"<p>nginx</p>\n".repeat(200)}</body></html>`;
    server.answer(reply(502, page));
    const err = await failure(client({ maxRetries: 0 }).stopChatConversation({ id: ID }));
    expect(err).toBeInstanceOf(ThuliumApiError);
    expect(err).toMatchObject({ status: 502, errors: [], requestId: undefined, retryable: true });
    expect(err.message).toContain("502 Bad Gateway");
    expect(err.message.length).toBeLessThan(300);
    expect(err.message).not.toContain("\n");
  });

  it("keeps a malformed JSON error body as text", async () => {
    server.answer(reply(400, '{"request_id": "abc", "errors": [{"message": "Broken'));
    const err = await failure(client().stopChatConversation({ id: ID }));
    expect(err).toMatchObject({ status: 400, errors: [], attempts: 1 });
    expect(err.message).toContain('{"request_id": "abc"');
  });

  it("tolerates a 2xx body on an operation whose spec declares none", async () => {
    server.answer(reply(200, '{"unexpected": true}'));
    await expect(client().stopChatConversation({ id: ID })).resolves.toBeUndefined();
  });

  it("keeps the message short for a 10 MB error body", async () => {
    server.answer(reply(500, "x".repeat(10 * 1024 * 1024)));
    const err = await failure(client({ maxRetries: 0 }).stopChatConversation({ id: ID }));
    expect(err.status).toBe(500);
    expect(err.message.length).toBeLessThan(300);
  });

  it("sends the same body again on every attempt", async () => {
    server.answer(reply(503), reply(200));
    await client().stopChatConversation({ id: ID, external_chatbot_id: "bot-7" });
    expect(server.requests.map((r) => r.body)).toEqual(['{"external_chatbot_id":"bot-7"}', '{"external_chatbot_id":"bot-7"}']);
  });

  it("stops at once, without retrying, when the caller aborts", async () => {
    server.answer(delayHeaders(5_000));
    const controller = new AbortController();
    const call = client().stopChatConversation({ id: ID }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const err = await failure(call);
    expect(err).toBeInstanceOf(ThuliumAbortError);
    expect(server.requests).toHaveLength(1);
  });

  it("aborts during the backoff wait too", async () => {
    server.answer(reply(503));
    const controller = new AbortController();
    const call = client().stopChatConversation({ id: ID }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const err = await failure(call);
    expect(err).toBeInstanceOf(ThuliumAbortError);
    expect(performance.now() - started).toBeLessThan(400);
    expect(server.requests).toHaveLength(1);
  });

  it("leaves no timer behind after a call, whatever its outcome", async () => {
    server.answer(reply(200));
    await client().stopChatConversation({ id: ID });
    server.answer(delayHeaders(1_000));
    await failure(client({ timeoutMs: 30, maxRetries: 0 }).stopChatConversation({ id: ID }));
    await new Promise((r) => setImmediate(r));
    expect([...liveTimers.values()]).toEqual([]);
  });
});

describe("fault injection: startChatConversation (not idempotent, JSON answer)", () => {
  const START = { chat_queue_id: 3 };
  const created = reply(201, JSON.stringify({ conversation_id: ID }));

  it("returns the parsed body", async () => {
    server.answer(created);
    await expect(client().startChatConversation(START)).resolves.toEqual({ conversation_id: ID });
  });

  it("is not retried after a reset once the request was sent", async () => {
    server.answer(resetBeforeResponse, created);
    const err = await failure(client().startChatConversation(START));
    expect(err).toBeInstanceOf(ThuliumConnectionError);
    expect(err.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it("is not retried on 503 or a timeout, which may hide a started conversation", async () => {
    server.answer(reply(503), created);
    await expect(client().startChatConversation(START)).rejects.toMatchObject({ status: 503, attempts: 1, retryable: false });
    server.answer(delayHeaders(1_000), created);
    await expect(client({ timeoutMs: 50 }).startChatConversation(START)).rejects.toBeInstanceOf(ThuliumTimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it("is retried on 429, which says the request was not processed", async () => {
    server.answer(reply(429, "", { "retry-after": "0" }), created);
    await expect(client().startChatConversation(START)).resolves.toEqual({ conversation_id: ID });
    expect(server.requests).toHaveLength(2);
  });

  it("is retried when the connection is refused, since nothing was sent", async () => {
    const refused = createThuliumClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, username: "u", password: "p", maxRetries: 1 });
    const err = await failure(refused.startChatConversation(START));
    expect(err).toBeInstanceOf(ThuliumConnectionError);
    expect(err.attempts).toBe(2);
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  it("reports a body that breaks off as ThuliumConnectionError, without retrying", async () => {
    server.answer(resetMidBody, created);
    const err = await failure(client().startChatConversation(START));
    expect(err).toBeInstanceOf(ThuliumConnectionError);
    expect(err.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it("times out while the body is still coming: the timeout covers the whole answer", async () => {
    server.answer(delayBody(1_000, JSON.stringify({ conversation_id: ID })));
    const err = await failure(client({ timeoutMs: 100 }).startChatConversation(START));
    expect(err).toBeInstanceOf(ThuliumTimeoutError);
    expect(err.attempts).toBe(1);
  });

  it("aborts while the body is still coming", async () => {
    server.answer(delayBody(1_000, JSON.stringify({ conversation_id: ID })));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(client().startChatConversation(START, { signal: controller.signal })).rejects.toBeInstanceOf(ThuliumAbortError);
  });

  it("refuses a 2xx body that is not JSON, or empty, with a short message", async () => {
    server.answer(reply(200, "<html>maintenance</html>"));
    await expect(client().startChatConversation(START)).rejects.toThrow(
      "startChatConversation failed: 200 with a body that is not JSON: <html>maintenance</html>",
    );
    server.answer(reply(201));
    await expect(client().startChatConversation(START)).rejects.toThrow("startChatConversation failed: 201 with an empty body where the spec declares JSON");
  });

  it("leaves no timer behind after reading a body", async () => {
    server.answer(created);
    await client().startChatConversation(START);
    server.answer(delayBody(1_000, "{}"));
    await failure(client({ timeoutMs: 30 }).startChatConversation(START));
    await new Promise((r) => setImmediate(r));
    expect([...liveTimers.values()]).toEqual([]);
  });
});

describe("fault injection: retries through client.api", () => {
  it("applies the matched operation's policy to raw openapi-fetch calls", async () => {
    server.answer(reply(503), reply(200));
    const { response } = await client().api.POST("/chat_conversations/{id}/stop", { params: { path: { id: ID } } });
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });
});

describe("no open handles", () => {
  it("leaves no socket or timer of the client keeping the process alive", async () => {
    server.answer(reply(200));
    await client().stopChatConversation({ id: ID });
    await new Promise((r) => setTimeout(r, 20));
    const before = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    // The server's own sockets are the only TCP handles this file opens besides the client's pool.
    await server.close();
    server = await startFakeThulium();
    await new Promise((r) => setTimeout(r, 50));
    const resources = process.getActiveResourcesInfo();
    expect(resources.filter((r) => r === "TCPSocketWrap")).toEqual([]);
    expect(resources.filter((r) => r === "Timeout").length).toBeLessThanOrEqual(before);
  });
});
