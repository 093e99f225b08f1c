/**
 * The app's own code failing around a call that the server has acted on: a logger that throws never changes
 * the call's outcome; a middleware's or a `fetch`'s broken contract is a ThuliumError naming it, never retried.
 * Proved by the requests the server received.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createThuliumClient, ThuliumConnectionError, ThuliumError } from "../../src/index.js";
import { failure } from "../expect-failure.js";
import { reply as answer } from "../fake-thulium/answers.js";
import { type FakeThulium as FaultServer, startFakeThulium as startFaultServer } from "../fake-thulium/server.js";

const STARTED = JSON.stringify({ conversation_id: "6ed7c941-2c8a-411e-95d2-338a9f64800a" });
const START = { chat_queue_id: 1, client_name: "Łukasz", client_email: "lukasz@example.com" };
let server: FaultServer;

beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => server.answer(answer(200, STARTED)));

const client = (options: Parameters<typeof createThuliumClient>[0] = {}) =>
  createThuliumClient({ baseUrl: server.url, username: "api_user", password: "api_pass", ...options });

describe("the app's own code failing", () => {
  it("a logger that throws: the chat started is still handed back, and nothing is sent twice", async () => {
    const boom = () => {
      throw new Error("log sink is down");
    };
    const thulium = client({ logger: { debug: boom, info: boom, warn: boom, error: boom } });
    await expect(thulium.startChatConversation(START)).resolves.toEqual(JSON.parse(STARTED));
    expect(server.requests).toHaveLength(1);
  });

  it("a logger that throws on a retry's warning and on the failure: the call fails as it would unlogged", async () => {
    server.answer(answer(503, "", { "retry-after": "0" }));
    const boom = () => {
      throw new Error("log sink is down");
    };
    const err = await failure(client({ maxRetries: 1, logger: { debug: boom, info: boom, warn: boom, error: boom } }).listChatQueues());
    expect(err).toMatchObject({ name: "ThuliumApiError", status: 503, attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it("an onResponse middleware that reads the body and returns the response: the call resolves with it", async () => {
    const thulium = client();
    const seen: unknown[] = [];
    thulium.use({
      async onResponse({ response }) {
        seen.push(await response.json());
        return response;
      },
    });
    await expect(thulium.startChatConversation(START)).resolves.toEqual(JSON.parse(STARTED));
    expect(seen).toEqual([JSON.parse(STARTED)]);
    expect(server.requests).toHaveLength(1);
  });

  it("an onResponse middleware that returns another Response whose body it read: a ThuliumError saying so, not retried", async () => {
    const thulium = client();
    thulium.use({
      async onResponse({ response }) {
        const copy = response.clone();
        await copy.text();
        return copy;
      },
    });
    const err = await failure(thulium.listChatQueues());
    expect(err).toBeInstanceOf(ThuliumError);
    expect(err.message).toMatch(/onResponse returned a Response whose body it had read/);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ["undefined", undefined, /resolved to undefined, not a Response/],
    ["{}", {}, /resolved to object, not a Response/],
    ["a string", "ok", /resolved to string, not a Response/],
  ])("a fetch option that resolves to %s: a ThuliumError naming it, tried once", async (_, value, message) => {
    let calls = 0;
    const thulium = client({
      maxRetries: 2,
      fetch: (async () => {
        calls++;
        return value;
      }) as unknown as typeof fetch,
    });
    const err = await failure(thulium.listChatQueues());
    expect(err).toBeInstanceOf(ThuliumError);
    expect(err).not.toBeInstanceOf(ThuliumConnectionError);
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/^listChatQueues: the fetch option/);
    expect(calls).toBe(1);
  });
});
