import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ThuliumInputError } from "../../src/index.js";
import { recordingClient } from "../http/recording-client.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const recording = (answer: () => Response = () => new Response(null, { status: 200 })) => recordingClient("acme", answer);

describe("input validation before any I/O", () => {
  it("for any string id: exactly one request to its own path when it is a UUID, else ThuliumInputError and none", async () => {
    const ids = fc.oneof(
      fc.string(),
      fc.string({ unit: "binary" }),
      fc.uuid(),
      fc.uuid().map((u) => u.toUpperCase()),
      fc.constantFrom(
        "..",
        ".",
        "",
        " ",
        "%2e%2e",
        "a/b",
        "a?b",
        "a#b",
        `${"6ed7c941-2c8a-411e-95d2-338a9f64800a"}\n`,
        "6ed7c941-2c8a-411e-95d2-338a9f64800a/../x",
      ),
    );
    await fc.assert(
      fc.asyncProperty(ids, async (id) => {
        const { thulium, urls } = recording();
        const outcome = await thulium.stopChatConversation({ id }).then(
          () => "sent",
          (err: unknown) => err,
        );
        if (UUID.test(id)) {
          expect(outcome).toBe("sent");
          expect(urls).toEqual([`https://acme.thulium.com/api/chat_conversations/${id}/stop`]);
        } else {
          expect(outcome).toBeInstanceOf(ThuliumInputError);
          expect(urls).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("names a missing required parameter", async () => {
    const { thulium } = recording();
    await expect(thulium.stopChatConversation({} as never)).rejects.toThrow('stopChatConversation: missing required parameter "id"');
    await expect(thulium.stopChatConversation(undefined as never)).rejects.toThrow(/missing required parameter "id"/);
  });

  it("refuses a wrong type, an unknown parameter and a non-object", async () => {
    const { thulium, urls } = recording();
    await expect(thulium.stopChatConversation({ id: 42 } as never)).rejects.toThrow('parameter "id" must be a string, got number 42');
    await expect(thulium.stopChatConversation({ id: "6ed7c941-2c8a-411e-95d2-338a9f64800a", ID: "x" } as never)).rejects.toThrow(
      'unknown parameter "ID" (parameters: id, external_chatbot_id)',
    );
    await expect(thulium.stopChatConversation("6ed7c941-2c8a-411e-95d2-338a9f64800a" as never)).rejects.toThrow(/params must be an object/);
    await expect(thulium.stopChatConversation({ id: "6ed7c941-2c8a-411e-95d2-338a9f64800a", external_chatbot_id: "" })).rejects.toThrow(
      /external_chatbot_id" must have at least 1 character/,
    );
    expect(urls).toEqual([]);
  });
});

describe("strings that cannot go on the wire", () => {
  const queue = { chat_queue_id: 3 };
  const started = () => Response.json({ conversation_id: "6ed7c941-2c8a-411e-95d2-338a9f64800a" });

  it.each([
    ["a lone high surrogate", "Kowalsk\ud800"],
    ["a lone low surrogate", "\udc00Kowalski"],
    ["NUL", "Kowal\u0000ski"],
    ["ESC", "\u001b[31mKowalski"],
    ["DEL's neighbour U+001F", "Kowalski\u001f"],
  ])("refuses %s in a query parameter, naming it, and sends nothing", async (_, surname) => {
    const { thulium, urls } = recording();
    const err = await thulium.startChatConversation({ ...queue, client_surname: surname }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ThuliumInputError);
    expect(err).toMatchObject({ field: "client_surname", operationId: "startChatConversation" });
    expect((err as Error).message).toMatch(
      /^startChatConversation: parameter "client_surname" contains a control character or a lone surrogate, which cannot be sent; remove it$/,
    );
    expect(urls).toEqual([]);
  });

  it("refuses them in a body field and in a list item, naming the item", async () => {
    const { thulium, urls } = recording();
    await expect(thulium.sendChatMessage({ id: "6ed7c941-2c8a-411e-95d2-338a9f64800a", text: "hi\ud83d" })).rejects.toMatchObject({ field: "text" });
    await expect(thulium.getChatSummaryReport({ date_from: "2022-11-02", date_to: "2022-12-02", user_logins: ["jkowalski", "a\u0000b"] })).rejects.toThrow(
      'getChatSummaryReport: parameter "user_logins" [1]: contains a control character',
    );
    expect(urls).toEqual([]);
  });

  it("sends tab, newline, CR and whole surrogate pairs", async () => {
    const { thulium, urls } = recording(started);
    await thulium.startChatConversation({ ...queue, client_surname: "Kowal\tski\r\n😀" });
    expect(urls).toEqual(["https://acme.thulium.com/api/chat_conversations/start?chat_queue_id=3&client_surname=Kowal%09ski%0D%0A%F0%9F%98%80"]);
  });

  it("refuses an e-mail address that is none (format email)", async () => {
    const { thulium, urls } = recording(started);
    await expect(thulium.startChatConversation({ ...queue, client_email: "not-an-email" })).rejects.toThrow(
      'startChatConversation: parameter "client_email" must be an e-mail address, got string "not-an-email"',
    );
    expect(urls).toEqual([]);
    await thulium.startChatConversation({ ...queue, client_email: "jan.kowalski@example.org" });
    expect(urls).toHaveLength(1);
  });

  it("names what a non-object params value is", async () => {
    const { thulium } = recording();
    await expect(thulium.stopChatConversation([] as never)).rejects.toThrow("stopChatConversation: params must be an object, got an array");
    await expect(thulium.stopChatConversation(null as never)).rejects.toThrow("stopChatConversation: params must be an object, got null");
  });
});
