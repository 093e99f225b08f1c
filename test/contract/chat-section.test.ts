/**
 * Every operation of the spec against Prism started from openapi/ (test/prism-mock.ts):
 * each declared success and error status, and request validation at the mock and in the client.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createThuliumClient, type OperationId, operations, ThuliumApiError, ThuliumInputError } from "../../src/index.js";
import { prismFetch } from "./prism-checks.js";
import { findOperation, type Json } from "./spec.js";

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
const prismUrl = inject("prismUrl");
const BASIC = `Basic ${Buffer.from("api_user:api_pass").toString("base64")}`;

function client(status?: number, sent?: string[]) {
  const thulium = createThuliumClient({
    baseUrl: prismUrl,
    username: "api_user",
    password: "api_pass",
    maxRetries: 0,
    fetch: prismFetch({ status, sent }),
  });
  return thulium;
}

interface Case {
  /** Valid params, as in Thulium's examples. */
  params: Record<string, unknown> | undefined;
  /** A raw request the mock must refuse with 400 (request validation). */
  badRequest: { method: string; path: string; body?: string; auth?: false; status?: number };
  /** Params the client must refuse before sending anything, and the field it must name. */
  badParams: [Record<string, unknown>, string];
}

const cases: Record<OperationId, Case> = {
  startChatConversation: {
    params: { chat_queue_id: 3, client_name: "Jan", client_surname: "Kowalski", client_email: "jan.kowalski@example.org", client_id: "1234", customer_id: 1 },
    badRequest: { method: "POST", path: "/chat_conversations/start?client_id=1234" },
    badParams: [{ chat_queue_id: "3" }, "chat_queue_id"],
  },
  sendChatMessage: {
    params: { id: ID, text: "Hello, world!" },
    badRequest: { method: "POST", path: `/chat_conversations/${ID}/message`, body: '{"text":5}' },
    badParams: [{ id: ID, text: 5 }, "text"],
  },
  stopChatConversation: {
    params: { id: ID },
    badRequest: { method: "POST", path: "/chat_conversations/not-a-uuid/stop" },
    badParams: [{ id: "not-a-uuid" }, "id"],
  },
  deleteChatContent: {
    params: { id: ID, participant: "both" },
    badRequest: { method: "DELETE", path: `/chat_conversations/content/${ID}/agent` },
    badParams: [{ id: ID, participant: "agent" }, "participant"],
  },
  deleteChatConversation: {
    params: { id: ID },
    badRequest: { method: "DELETE", path: "/chat_conversations/2" },
    badParams: [{ id: "2" }, "id"],
  },
  listChats: {
    params: {
      limit: 1,
      offset: 0,
      date_from: "2014-07-04",
      date_to: "2014-07-05",
      status: "CLOSED",
      include_messages: true,
      include_files: true,
      include_client_data: true,
    },
    badRequest: { method: "GET", path: "/chats?limit=101" },
    badParams: [{ limit: 101 }, "limit"],
  },
  listChatQueues: {
    params: undefined,
    badRequest: { method: "GET", path: "/chats/queues", auth: false, status: 401 },
    badParams: [{ limit: 1 }, "limit"],
  },
  getChatSummaryReport: {
    params: {
      user_logins: ["jkowalski", "anowak"],
      date_from: "2019-11-01 11:12:00",
      date_to: "2019-11-02 11:12:00",
      aggregate_by: "day",
      chat_queue_ids: [1, 3],
    },
    badRequest: { method: "GET", path: "/chats/reports/summary?date_from=2019-11-01" },
    badParams: [{ date_from: "2019/11/01", date_to: "2019-11-02" }, "date_from"],
  },
  createWebhook: {
    params: { actions: ["CHAT_CONVERSATION_CREATED"], subscription_url: "https://example.pl", http_auth_user: "thulium", http_auth_password: "s3cret" },
    badRequest: { method: "POST", path: "/webhooks", body: '{"actions":[],"subscription_url":"https://example.pl"}' },
    badParams: [{ actions: ["CHAT_CONVERSATION_CREATED"], subscription_url: 5 }, "subscription_url"],
  },
  listWebhooks: {
    params: undefined,
    badRequest: { method: "GET", path: "/webhooks", auth: false, status: 401 },
    badParams: [{ limit: 1 }, "limit"],
  },
};

const call = (thulium: ReturnType<typeof client>, operationId: OperationId, params: unknown) =>
  (thulium[operationId] as (p: unknown) => Promise<unknown>)(params);

it("covers every operation of the spec", () => {
  expect(Object.keys(cases).sort()).toEqual(Object.keys(operations).sort());
});

describe.each(Object.keys(cases) as OperationId[])("%s against the mock", (operationId) => {
  const c = cases[operationId];
  let responses: Record<string, Json>;
  beforeAll(async () => {
    responses = (await findOperation(operationId)).op.responses;
  });

  it("resolves each declared 2xx to the spec's example body (undefined when none)", async () => {
    const statuses = Object.keys(responses).filter((s) => s.startsWith("2"));
    expect(statuses.length).toBeGreaterThan(0);
    for (const status of statuses) {
      const example = responses[status]?.content?.["application/json"]?.example;
      await expect(call(client(Number(status)), operationId, c.params), `status ${status}`).resolves.toEqual(example);
    }
  });

  it("maps each declared error to ThuliumApiError with Thulium's request_id and messages", async () => {
    const statuses = Object.keys(responses).filter((s) => !s.startsWith("2"));
    expect(statuses).toEqual(expect.arrayContaining(["400", "401", "403", "500"]));
    for (const status of statuses) {
      const example = responses[status]?.content["application/json"].example;
      const err = await call(client(Number(status)), operationId, c.params).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, `status ${status}`).toBeInstanceOf(ThuliumApiError);
      expect(err).toMatchObject({ status: Number(status), operationId, requestId: example.request_id, errors: example.errors });
    }
  });

  it("is refused by the mock when the request breaks the spec", async () => {
    const { method, path, body, auth, status = 400 } = c.badRequest;
    const headers: Record<string, string> = auth === false ? {} : { Authorization: BASIC };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(`${prismUrl}${path}`, { method, headers, body });
    expect(res.status).toBe(status);
    expect(res.headers.get("sl-violations")).toBeTruthy();
  });

  it("refuses bad params with ThuliumInputError naming the field, and sends nothing", async () => {
    const sent: string[] = [];
    const [params, field] = c.badParams;
    const err = await call(client(undefined, sent), operationId, params).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ThuliumInputError);
    expect(err).toMatchObject({ field, operationId });
    expect(sent).toEqual([]);
  });
});

describe("a conversation's life against the mock", () => {
  it("start → message → stop → deleteChatContent, each call using the id start returned", async () => {
    const sent: string[] = [];
    const thulium = client(undefined, sent);
    const { conversation_id } = await thulium.startChatConversation({ chat_queue_id: 3, client_id: "1234" });
    expect(conversation_id).toMatch(/^[0-9a-f-]{36}$/);
    await expect(thulium.sendChatMessage({ id: conversation_id, text: "Hello, world!" })).resolves.toBeUndefined();
    await expect(thulium.stopChatConversation({ id: conversation_id })).resolves.toBeUndefined();
    await expect(thulium.deleteChatContent({ id: conversation_id, participant: "both" })).resolves.toBeUndefined();
    expect(sent.map((u) => u.slice(prismUrl.length))).toEqual([
      "/chat_conversations/start?chat_queue_id=3&client_id=1234",
      `/chat_conversations/${conversation_id}/message`,
      `/chat_conversations/${conversation_id}/stop`,
      `/chat_conversations/content/${conversation_id}/both`,
    ]);
  });

  it("iterates the mock's chats: its one example page, with count 1", async () => {
    const seen: string[] = [];
    for await (const chat of client().iterateChats({ status: "CLOSED" })) seen.push(chat.conversation_id);
    expect(seen).toEqual([ID]);
  });
});
