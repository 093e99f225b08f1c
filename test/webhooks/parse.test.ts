/**
 * parseChatWebhook with every example the spec documents for its webhooks,
 * and with broken payloads: the error names the first field at fault.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type ChatWebhook, parseChatWebhook, ThuliumInputError } from "../../src/index.js";
import { loadSpec } from "../contract/spec.js";

const spec = await loadSpec();
const examples = Object.entries<Record<string, any>>(spec.webhooks).map(([name, item]) => {
  const example = item.post.requestBody.content["application/json"].example as Record<string, unknown>;
  return [name, example] as const;
});

function errorOf(body: unknown): ThuliumInputError {
  try {
    parseChatWebhook(body);
  } catch (err) {
    expect(err).toBeInstanceOf(ThuliumInputError);
    return err as ThuliumInputError;
  }
  throw new Error("parseChatWebhook accepted a broken payload");
}

describe("parseChatWebhook", () => {
  it("knows the three chat webhooks of Thulium's notifications page", () => {
    expect(examples.map(([name]) => name).sort()).toEqual(["CHAT_AGENT_ASSIGNED", "CHAT_CONVERSATION_CLOSED", "CHAT_CONVERSATION_CREATED"]);
  });

  it.each(examples)("accepts the documented %s example, as an object, JSON text and bytes", (name, example) => {
    expect(parseChatWebhook(example)).toEqual(example);
    expect(parseChatWebhook(JSON.stringify(example))).toEqual(example);
    expect(parseChatWebhook(new TextEncoder().encode(JSON.stringify(example)))).toEqual(example);
    expect(parseChatWebhook(example).action).toBe(name);
  });

  it("keeps fields the spec does not declare (Thulium may add some)", () => {
    const [, example] = examples[0] ?? [];
    expect(parseChatWebhook({ ...example, extra: 1 })).toMatchObject({ extra: 1 });
  });

  it("narrows on action", () => {
    const payload: ChatWebhook = parseChatWebhook({
      action: "CHAT_AGENT_ASSIGNED",
      conversation_id: "83a3f676-e831-47d0-bba7-beda6c0bde88",
      agent_login: "jkowalski",
      date: "2016-04-20 09:46:24",
      chat_queue_id: 1,
    });
    const login = payload.action === "CHAT_AGENT_ASSIGNED" ? payload.agent_login : undefined;
    expect(login).toBe("jkowalski");
  });

  it.each(examples)("names each missing required field of %s", (name, example) => {
    for (const field of Object.keys(example)) {
      const { [field]: _, ...rest } = example;
      const err = errorOf(rest);
      expect(err.field, field).toBe(field);
      if (field !== "action") expect(err.operationId).toBe(spec.webhooks[name].post.operationId);
    }
  });

  it.each([
    [{}, "action", /"action" must be one of CHAT_AGENT_ASSIGNED, CHAT_CONVERSATION_CLOSED, CHAT_CONVERSATION_CREATED, got nothing/],
    [{ action: "CUSTOMER_CREATED" }, "action", /got "CUSTOMER_CREATED"/],
    [{ action: "chat_agent_assigned" }, "action", /got "chat_agent_assigned"/],
    [{ action: "CHAT_CONVERSATION_CLOSED", conversation_id: "2", date: "2016-04-20 09:46:24", chat_queue_id: 1 }, "conversation_id", /must be a UUID/],
    [
      { action: "CHAT_CONVERSATION_CLOSED", conversation_id: "83a3f676-e831-47d0-bba7-beda6c0bde88", date: "2016-04-20T09:46:24Z", chat_queue_id: 1 },
      "date",
      /"date" must look like "2017-12-11 10:23:04.318", got string "2016-04-20T09:46:24Z"$/,
    ],
    [
      { action: "CHAT_CONVERSATION_CLOSED", conversation_id: "83a3f676-e831-47d0-bba7-beda6c0bde88", date: "2016-04-20 09:46:24", chat_queue_id: "1" },
      "chat_queue_id",
      /"chat_queue_id" must be a whole number, got string "1"$/,
    ],
    [
      {
        action: "CHAT_AGENT_ASSIGNED",
        conversation_id: "83a3f676-e831-47d0-bba7-beda6c0bde88",
        agent_login: null,
        date: "2016-04-20 09:46:24",
        chat_queue_id: 1,
      },
      "agent_login",
      /"agent_login" must be a string, got null/,
    ],
    // The first bad field in the schema's order is named, not a later one.
    [{ action: "CHAT_CONVERSATION_CREATED", conversation_id: 7, client_name: 1, date: "x" }, "conversation_id", /conversation_id/],
  ])("refuses %j, naming %s", (body, field, message) => {
    const err = errorOf(body);
    expect(err.field).toBe(field);
    expect(err.message).toMatch(message);
  });

  it.each([null, undefined, 42, [], "[]", "not json", "", new Uint8Array([0xff, 0x7b])])("refuses %j, which is no JSON object", (body) => {
    // Bytes that are not UTF-8 (0xff) are refused as such before any JSON is parsed.
    expect(errorOf(body).message).toMatch(/chat webhook: the payload (must be a JSON object|is not valid JSON|is not valid UTF-8 text)/);
  });

  it("reads its checks from the spec, not from a copy: the webhook files' examples are the ones tested", async () => {
    const file = parse(await readFile(new URL("../../openapi/webhooks/CHAT_AGENT_ASSIGNED.yaml", import.meta.url), "utf8"));
    expect(examples).toContainEqual(["CHAT_AGENT_ASSIGNED", file.post.requestBody.content["application/json"].example]);
  });
});
