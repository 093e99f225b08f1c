/** thulium-chat-client/core: a client holding only the operations it is given. */
import { expect, it } from "vitest";
import { createCoreClient, stopChatConversation } from "../src/core.js";

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
