/**
 * Every 2xx answer of an operation that declares JSON is read and checked,
 * whatever its status: one the spec does not declare is held to the
 * operation's declared 2xx schema, and a 204 or an empty body is "empty".
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createThuliumClient, ThuliumResponseError } from "../../src/index.js";
import { failure } from "../expect-failure.js";
import { json } from "../fake-thulium/answers.js";
import { type FakeThulium, startFakeThulium } from "../fake-thulium/server.js";

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";

let server: FakeThulium;
beforeAll(async () => {
  server = await startFakeThulium();
});
afterAll(() => server.close());

const client = (validateResponses: "warn" | "throw" = "throw") =>
  createThuliumClient({ baseUrl: server.url, username: "api_user", password: "pw", validateResponses });

const empty = (status: number) => json(status, "");

describe('with validateResponses "throw"', () => {
  it.each([
    [203, "null", "invalid", "listChats failed: 203 with a body that breaks the spec: must be an object, got null"],
    [206, '{"count":"lots","result":7}', "invalid", 'listChats failed: 206 with a body that breaks the spec: count: must be a whole number, got string "lots"'],
    [299, "[]", "invalid", "listChats failed: 299 with a body that breaks the spec: must be an object, got an array"],
    [204, "", "empty", "listChats failed: 204 with an empty body where the spec declares JSON"],
    [200, "", "empty", "listChats failed: 200 with an empty body where the spec declares JSON"],
  ] as const)("fails listChats on a %i answering %j as %s", async (status, body, problem, message) => {
    server.answer(status === 204 || body === "" ? empty(status) : json(status, body));
    const err = await failure(client().listChats());
    expect(err).toBeInstanceOf(ThuliumResponseError);
    expect(err.problem).toBe(problem);
    expect(err.status).toBe(status);
    expect(err.message).toBe(message);
    expect(server.requests).toHaveLength(1);
  });

  it("resolves a 2xx the spec does not declare when its body fits the declared schema", async () => {
    const page = { count: 1, result: [{ conversation_id: ID, created_at: "2019-11-04 10:23:45", status: "CLOSED" }] };
    server.answer(json(203, page));
    await expect(client().listChats()).resolves.toMatchObject({ count: 1 });
  });

  it("resolves each declared status of an operation against its own schema, and a 204 where no JSON is declared", async () => {
    server.answer(json(201, { conversation_id: ID }));
    await expect(client().startChatConversation({ chat_queue_id: 3 })).resolves.toEqual({ conversation_id: ID });
    server.answer(empty(204));
    await expect(client().stopChatConversation({ id: ID })).resolves.toBeUndefined();
  });
});

it('warns on an undeclared 2xx that breaks the spec with "warn", and resolves', async () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
  try {
    server.answer(json(206, { count: "lots", result: 7 }));
    await expect(client("warn").listChats()).resolves.toEqual({ count: "lots", result: 7 });
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/^listChats: the 206 answer breaks the spec: count: must be a whole number/);
  } finally {
    warn.mockRestore();
  }
});
