/** thulium-chat-client/core: a client holding only the operations it is given. */
import { afterEach, expect, it, vi } from "vitest";
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
