/**
 * The webhook subscription calls: what the spec lets through and refuses at the
 * Prism mock (test/prism-mock.ts), and the retry policy of each, counted on
 * a local server's side.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type AttemptEvent, createThuliumClient, ThuliumConnectionError } from "../../src/index.js";
import { reply, resetBeforeResponse } from "../fake-thulium/answers.js";
import { type FakeThulium, startFakeThulium } from "../fake-thulium/server.js";
import { prismFetch } from "./prism-checks.js";

const prismUrl = inject("prismUrl");
const BASIC = `Basic ${Buffer.from("api_user:api_pass").toString("base64")}`;
const SUBSCRIPTION = { actions: ["CHAT_CONVERSATION_CREATED"], subscription_url: "https://example.pl" };

async function post(body: string): Promise<{ status: number; violations: string | null }> {
  const res = await fetch(`${prismUrl}/webhooks`, { method: "POST", headers: { Authorization: BASIC, "Content-Type": "application/json" }, body });
  await res.arrayBuffer();
  return { status: res.status, violations: res.headers.get("sl-violations") };
}

describe("createWebhook at the mock", () => {
  it("accepts an action outside the three chat actions: Thulium has others (CUSTOMER_CREATED)", async () => {
    const thulium = createThuliumClient({ baseUrl: prismUrl, username: "api_user", password: "api_pass", maxRetries: 0, fetch: prismFetch() });
    await expect(thulium.createWebhook({ ...SUBSCRIPTION, actions: ["CHAT_AGENT_ASSIGNED", "CUSTOMER_CREATED"] })).resolves.toMatchObject({ id: 5 });
  });

  it.each([
    ["an empty action list", { ...SUBSCRIPTION, actions: [] }, "minItems"],
    ["an empty action name", { ...SUBSCRIPTION, actions: [""] }, "minLength"],
    ["a subscription_url that is not a URI", { ...SUBSCRIPTION, subscription_url: "example dot pl" }, "format"],
    ["no subscription_url", { actions: SUBSCRIPTION.actions }, "required"],
    ["a field Thulium does not document", { ...SUBSCRIPTION, secret: "x" }, "additionalProperties"],
  ])("refuses %s with 400", async (_what, body, keyword) => {
    const { status, violations } = await post(JSON.stringify(body));
    expect(status).toBe(400);
    expect(JSON.parse(violations ?? "[]")).toEqual([expect.objectContaining({ code: keyword })]);
  });
});

describe("retries, counted by the server", () => {
  let server: FakeThulium;
  const events: AttemptEvent[] = [];
  const client = () =>
    createThuliumClient({
      baseUrl: server.url,
      username: "api_user",
      password: "api_pass",
      maxRetries: 2,
      logger: { debug: (e) => events.push(e), info: (e) => events.push(e), warn: (e) => events.push(e), error: (e) => events.push(e) },
    });
  const created = reply(200, JSON.stringify({ id: 7, ...SUBSCRIPTION, http_auth_user: "thulium", http_auth_password: "hunter2-secret" }));

  beforeAll(async () => {
    server = await startFakeThulium();
  });
  afterAll(() => server.close());

  it("never retries createWebhook once the request may have left (500, then a reset)", async () => {
    server.answer(reply(500), created);
    await expect(client().createWebhook({ ...SUBSCRIPTION, http_auth_user: "thulium", http_auth_password: "hunter2-secret" })).rejects.toMatchObject({
      status: 500,
      attempts: 1,
    });
    expect(server.requests).toHaveLength(1);

    server.answer(resetBeforeResponse, created);
    const err = await client()
      .createWebhook(SUBSCRIPTION)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ThuliumConnectionError);
    expect(server.requests).toHaveLength(1);
  });

  it("retries listWebhooks, which is safe to repeat", async () => {
    server.answer(reply(503), resetBeforeResponse, reply(200, "[]"));
    await expect(client().listWebhooks()).resolves.toEqual([]);
    expect(server.requests).toHaveLength(3);
  });

  it("sends the subscription as JSON, and logs neither its password nor the one in the answer", async () => {
    events.length = 0;
    server.answer(created);
    const subscription = await client().createWebhook({ ...SUBSCRIPTION, http_auth_user: "thulium", http_auth_password: "hunter2-secret" });
    expect(subscription.http_auth_password).toBe("hunter2-secret");
    expect(server.requests[0]?.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({ ...SUBSCRIPTION, http_auth_user: "thulium", http_auth_password: "hunter2-secret" });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain("hunter2");
  });
});
