/** stopChatConversation against Prism started from openapi/ (test/prism-mock.ts). */
import { describe, expect, inject, it } from "vitest";
import { createThuliumClient, ThuliumApiError, ThuliumInputError } from "../../src/index.js";
import { prismFetch } from "./prism-checks.js";

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
const prismUrl = inject("prismUrl");
const STOP_URL = `${prismUrl}/chat_conversations/${ID}/stop`;
const BASIC = `Basic ${Buffer.from("api_user:api_pass").toString("base64")}`;

function client(status?: number) {
  return createThuliumClient({ baseUrl: prismUrl, username: "api_user", password: "api_pass", maxRetries: 0, fetch: prismFetch({ status }) });
}

describe("stopChatConversation against the mock", () => {
  it("ends a conversation and resolves to undefined (empty 200)", async () => {
    await expect(client().stopChatConversation({ id: ID })).resolves.toBeUndefined();
  });

  it("sends external_chatbot_id in a JSON body, which the spec accepts", async () => {
    await expect(client().stopChatConversation({ id: ID, external_chatbot_id: "a779146f-4df3-49c1-826a-7caa6a5e653a" })).resolves.toBeUndefined();
  });

  it("accepts the declared 204 too", async () => {
    await expect(client(204).stopChatConversation({ id: ID })).resolves.toBeUndefined();
  });

  it.each([
    [400, "Invalid value of parameter external_chatbot_id.", "6571a3c2b9e04"],
    [401, "Authorization failed.", "6571a3c2b9e05"],
    [403, "Access to this method is forbidden.", "6571a3c2b9e06"],
    [404, "Conversation not found.", "6571a3c2b9e07"],
    [500, "Internal server error.", "6571a3c2b9e08"],
  ])("maps a documented %i to ThuliumApiError with Thulium's request_id and errors", async (status, message, requestId) => {
    const err = await client(status)
      .stopChatConversation({ id: ID })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(ThuliumApiError);
    expect(err).toMatchObject({ status, requestId, operationId: "stopChatConversation", errors: [{ message, code: expect.any(Number) }] });
    expect((err as Error).message).toBe(`stopChatConversation failed: ${status} ${message} (request_id ${requestId})`);
  });

  it("refuses missing credentials before sending anything", () => {
    expect(() => createThuliumClient({ baseUrl: prismUrl, username: "", password: "api_pass" })).toThrow(ThuliumInputError);
    expect(() => createThuliumClient({ baseUrl: prismUrl, username: "api_user", password: "" })).toThrow(/password is required/);
  });

  it("is answered 401 by the spec's security when no Authorization header is sent", async () => {
    const res = await fetch(STOP_URL, { method: "POST" });
    expect(res.status).toBe(401);
    expect(res.headers.get("sl-violations")).toMatch(/security/i);
  });

  it("refuses a malformed id with ThuliumInputError and sends nothing", async () => {
    let sent = 0;
    const thulium = createThuliumClient({
      baseUrl: prismUrl,
      username: "api_user",
      password: "api_pass",
      fetch: (input, init) => {
        sent++;
        return fetch(input, init);
      },
    });
    for (const id of ["..", "6ed7c941-2c8a-411e-95d2-338a9f64800a/../x", "", "not-a-uuid"]) {
      await expect(thulium.stopChatConversation({ id })).rejects.toThrow(ThuliumInputError);
    }
    expect(sent).toBe(0);
  });

  it("rejects, at the mock too, an id that is not a UUID", async () => {
    const res = await fetch(`${prismUrl}/chat_conversations/not-a-uuid/stop`, { method: "POST", headers: { Authorization: BASIC } });
    expect(res.status).toBe(400);
  });

  // The exact requests of the samples on Thulium's page.
  it.each([
    ["PHP (curl extension)", { "Content-Type": "application/json; charset=utf-8", "Content-Length": "0" }, ""],
    ["curl -X POST -H 'Content-type: application/json' -d ''", { "Content-type": "application/json" }, ""],
    ["HTTPie", {}, undefined],
  ])("accepts the request of the docs' %s sample", async (_name, headers, body) => {
    const res = await fetch(STOP_URL, { method: "POST", headers: { Authorization: BASIC, ...headers }, body });
    expect(res.headers.get("sl-violations")).toBeNull();
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });
});
