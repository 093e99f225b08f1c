/**
 * Per-call control of the request path, seen on the wire: `headers` and `fetchOptions` on the client and
 * per call, what the client keeps its own, `withResponse`, and a `fetch` from npm undici with middleware
 * and under `thulium.api`.
 */
import { fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { createThuliumClient, ThuliumError, ThuliumInputError, type ThuliumResponse } from "../../src/index.js";
import { failure } from "../expect-failure.js";
import { reply as answer } from "../fake-thulium/answers.js";
import { type FakeThulium as FaultServer, startFakeThulium as startFaultServer } from "../fake-thulium/server.js";

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
const QUEUES = JSON.stringify([{ id: 1, name: "Sales" }]);
let server: FaultServer;

beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => server.answer(answer(200, "")));

const client = (options: Parameters<typeof createThuliumClient>[0] = {}) =>
  createThuliumClient({ baseUrl: server.url, username: "api_user", password: "api_pass", maxRetries: 0, ...options });

describe("headers", () => {
  it("of the client and of a call reach the wire, the call's over the client's, whatever their case", async () => {
    const thulium = client({ headers: { "X-Team": "support", "X-Correlation-Id": "client" } });
    await thulium.stopChatConversation({ id: ID }, { headers: { "x-correlation-id": "call-42", Accept: "application/json; q=1" } });
    await thulium.stopChatConversation({ id: ID });
    const [first, second] = server.requests;
    expect(first?.headers["x-team"]).toBe("support");
    expect(first?.headers["x-correlation-id"]).toBe("call-42");
    expect(first?.headers.accept).toBe("application/json; q=1");
    expect(first?.headers.authorization).toBe(`Basic ${Buffer.from("api_user:api_pass").toString("base64")}`);
    expect(second?.headers["x-correlation-id"]).toBe("client");
    expect(second?.headers.accept).toBe("application/json");
  });

  it("cannot replace Authorization or the Content-Type of a JSON body, on the client or a call; nothing is sent", async () => {
    expect(() => client({ headers: { authorization: "Bearer x" } })).toThrow(ThuliumInputError);
    expect(() => client({ headers: { "Content-Type": "text/plain" } })).toThrow(/Content-Type is the client's own/);
    const err = await failure(client().sendChatMessage({ id: ID, text: "hi" }, { headers: { Authorization: "Basic Zm9vOmJhcg==" } }));
    expect(err).toBeInstanceOf(ThuliumInputError);
    expect(err.message).toMatch(/Authorization is the client's own/);
    expect(err.message).not.toContain("Zm9vOmJhcg==");
    expect(server.requests).toHaveLength(0);
  });

  it("must be valid header names and values", async () => {
    await expect(client({ headers: { "Bad Name": "x" } }).stopChatConversation({ id: ID })).rejects.toThrow(
      /the fetch option refused the request: .*invalid header name/,
    );
    await expect(client().stopChatConversation({ id: ID }, { headers: { "X-Ok": "two\nlines" } })).rejects.toThrow(
      /headers.X-Ok must be a valid HTTP header value/,
    );
    await expect(client().stopChatConversation({ id: ID }, { headers: new Headers() as never })).rejects.toThrow(/headers must be a plain object/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("fetchOptions", () => {
  it("reach fetch's init, the call's over the client's, under what the client sets", async () => {
    const inits: RequestInit[] = [];
    const thulium = client({
      fetchOptions: { cache: "no-store", keepalive: false },
      fetch: (input, init) => {
        inits.push(init as RequestInit);
        return globalThis.fetch(input, init);
      },
    });
    await thulium.stopChatConversation({ id: ID }, { fetchOptions: { keepalive: true } });
    expect(inits[0]).toMatchObject({ cache: "no-store", keepalive: true, method: "POST", redirect: "manual" });
    expect(server.requests).toHaveLength(1);
  });

  it("cannot set what the client sets", async () => {
    for (const key of ["method", "headers", "body", "signal", "redirect"]) {
      expect(() => client({ fetchOptions: { [key]: "x" } as never }), key).toThrow(ThuliumInputError);
    }
    await expect(client().stopChatConversation({ id: ID }, { fetchOptions: { redirect: "follow" } as never })).rejects.toThrow(
      /fetchOptions.redirect is the client's own/,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe("withResponse", () => {
  it("gives the 2xx body with the answer's status, headers and attempts, typed", async () => {
    server.answer(answer(503, "", { "retry-after": "0" }), answer(200, QUEUES, { "x-thulium-trace": "t-1" }));
    const got = await client({ maxRetries: 1 }).listChatQueues.withResponse();
    expectTypeOf(got).toEqualTypeOf<ThuliumResponse<Awaited<ReturnType<ReturnType<typeof client>["listChatQueues"]>>>>();
    expect(got.data).toEqual(JSON.parse(QUEUES));
    expect(got.status).toBe(200);
    expect(got.headers.get("x-thulium-trace")).toBe("t-1");
    expect(got.attempts).toBe(2);
  });

  it("throws as the method does", async () => {
    server.answer(answer(404, '{"request_id":"r-1","errors":[{"message":"no","code":1}]}'));
    await expect(client().stopChatConversation.withResponse({ id: ID })).rejects.toMatchObject({ status: 404, requestId: "r-1" });
  });
});

describe("a fetch from npm undici", () => {
  const fetch = undiciFetch as unknown as typeof globalThis.fetch;

  it("works with middleware, each request sent once", async () => {
    const thulium = client({ fetch });
    thulium.use({
      onRequest: ({ request }) => {
        request.headers.set("X-Trace", "mw");
        return request;
      },
    });
    server.answer(answer(200, QUEUES));
    await expect(thulium.listChatQueues()).resolves.toEqual(JSON.parse(QUEUES));
    server.answer(answer(200, ""));
    await thulium.sendChatMessage({ id: ID, text: "cześć" });
    expect(server.requests.map((r) => [r.method, r.headers["x-trace"]])).toEqual([["POST", "mw"]]);
    expect(JSON.parse(server.requests[0]?.body ?? "{}")).toMatchObject({ text: "cześć" });
  });

  it("works under thulium.api, with and without middleware", async () => {
    const thulium = client({ fetch });
    server.answer(answer(200, QUEUES));
    const plain = await thulium.api.GET("/chats/queues");
    expect(plain.data).toEqual(JSON.parse(QUEUES));
    thulium.use({ onRequest: () => undefined });
    server.answer(answer(200, ""));
    const stopped = await thulium.api.POST("/chat_conversations/{id}/stop", { params: { path: { id: ID } } });
    expect(stopped.response.status).toBe(200);
    expect(server.requests).toHaveLength(1);
  });

  it("that refuses a request for the app's own reason is reported as such and not retried", async () => {
    let calls = 0;
    const thulium = client({
      maxRetries: 2,
      fetch: (input, init) => {
        calls++;
        return fetch(`${String(input)}\u0000`.replace("http://", "http://bad host/"), init);
      },
    });
    const err = await failure(thulium.listChatQueues());
    expect(err).toBeInstanceOf(ThuliumError);
    expect(err.name).toBe("ThuliumError");
    expect(err.message).toMatch(/^listChatQueues: the fetch option refused the request: Failed to parse URL from /);
    expect(calls).toBe(1);
    expect(server.requests).toHaveLength(0);
  });
});
