/** thulium-chat-client/core: a client holding only the operations it is given. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createCoreClient, stopChatConversation, ThuliumInputError } from "../../src/core.js";

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";

it("createCoreClient has a method for each operation passed in, and nothing else", async () => {
  const urls: string[] = [];
  const fetchImpl = (async (input: Request | string | URL) => {
    urls.push(String(input instanceof Request ? input.url : input));
    return new Response(null, { status: 200 });
  }) as typeof fetch;
  const thulium = createCoreClient({ system: "acme", username: "u", password: "p", fetch: fetchImpl }, { stopChatConversation });
  expect(Object.keys(thulium)).toEqual(["stopChatConversation"]);
  await thulium.stopChatConversation({ id: ID });
  expect(urls).toEqual([`https://acme.thulium.com/api/chat_conversations/${ID}/stop`]);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

it("createCoreClient reads no environment variables: the connection options are required, in its type too", () => {
  vi.stubEnv("THULIUM_SYSTEM", "acme");
  vi.stubEnv("THULIUM_USER", "env_user");
  vi.stubEnv("THULIUM_PASSWORD", "env_pass");
  const refusal = (make: () => unknown) => {
    try {
      make();
    } catch (err) {
      return err instanceof ThuliumInputError ? [err.field, err.message] : err;
    }
  };
  // @ts-expect-error username and password are required options of the core client
  expect(refusal(() => createCoreClient({ system: "acme" }, { stopChatConversation }))).toEqual(["username", "username is required: pass a non-empty string"]);
  // @ts-expect-error password is required
  expect(refusal(() => createCoreClient({ system: "acme", username: "u" }, { stopChatConversation }))).toEqual([
    "password",
    "password is required: pass a non-empty string",
  ]);
  expect(refusal(() => createCoreClient({ username: "u", password: "p" }, { stopChatConversation }))).toEqual(["system", "system or baseUrl is required"]);
});

describe("what createCoreClient leaves to createThuliumClient", () => {
  it("refuses headers, fetchOptions and logLevel, on the client and per call, as unknown options", async () => {
    const options = { system: "acme", username: "u", password: "p", fetch: async () => new Response(null, { status: 200 }) };
    for (const extra of [{ headers: { "X-Id": "1" } }, { fetchOptions: { cache: "no-store" } }, { logLevel: "debug" }]) {
      expect(() => createCoreClient({ ...options, ...extra } as never, { stopChatConversation }), Object.keys(extra)[0]).toThrow(/unknown option/);
    }
    const thulium = createCoreClient(options, { stopChatConversation });
    await expect(thulium.stopChatConversation({ id: "6ed7c941-2c8a-411e-95d2-338a9f64800a" }, { headers: { "X-Id": "1" } } as never)).rejects.toThrow(
      /call options: unknown option "headers"/,
    );
  });
});
