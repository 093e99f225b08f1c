/**
 * The types a consumer team sees, one `describe` block per operation: the flat
 * params, the result, and the client method. These assertions are checked at
 * compile time by `npm run typecheck` (tsc over test/); a wrong type fails
 * the type check, not the vitest run, where expectTypeOf is a no-op.
 *
 * Adding an operation to the spec fails the type check below (`covered`) until
 * its block is added here.
 */
import { describe, expectTypeOf, it } from "vitest";
import type { CallOptions, OperationId, OperationParams, OperationResult, ThuliumClient } from "../../src/index.js";
import type { components, operations as SchemaOperations } from "../../src/schema.js";

/** Every operation of the spec has a block below. */
const covered = {
  stopChatConversation: true,
} as const satisfies Record<OperationId, true>;

describe("type tests", () => {
  it("cover every operation of the spec", () => {
    expectTypeOf<keyof typeof covered>().toEqualTypeOf<OperationId>();
  });
});

describe("stopChatConversation", () => {
  it("takes the conversation id and an optional external_chatbot_id", () => {
    expectTypeOf<OperationParams<"stopChatConversation">>().toEqualTypeOf<{ id: string; external_chatbot_id?: string }>();
    expectTypeOf<ThuliumClient["stopChatConversation"]>().parameter(0).toEqualTypeOf<{ id: string; external_chatbot_id?: string }>();
    expectTypeOf<ThuliumClient["stopChatConversation"]>().parameter(1).toEqualTypeOf<CallOptions | undefined>();
    expectTypeOf<ThuliumClient["stopChatConversation"]>().toBeCallableWith({ id: "6ed7c941-2c8a-411e-95d2-338a9f64800a" });
    expectTypeOf<ThuliumClient["stopChatConversation"]>().toBeCallableWith({ id: "6ed7c941-2c8a-411e-95d2-338a9f64800a", external_chatbot_id: "bot" }, { timeoutMs: 1000 });
    // @ts-expect-error the id is required
    expectTypeOf<ThuliumClient["stopChatConversation"]>().toBeCallableWith({});
    // @ts-expect-error the id is a string (a UUID), not a number
    expectTypeOf<ThuliumClient["stopChatConversation"]>().toBeCallableWith({ id: 5 });
  });

  it("resolves to undefined: Thulium answers with no body", () => {
    expectTypeOf<OperationResult<"stopChatConversation">>().toEqualTypeOf<undefined>();
    expectTypeOf<ThuliumClient["stopChatConversation"]>().returns.resolves.toEqualTypeOf<undefined>();
  });

  it("documents the spec's error body for its error statuses", () => {
    type Responses = SchemaOperations["stopChatConversation"]["responses"];
    expectTypeOf<Responses[404]["content"]["application/json"]>().toEqualTypeOf<components["schemas"]["ErrorResponse"]>();
    expectTypeOf<components["schemas"]["ErrorResponse"]>().toEqualTypeOf<{ request_id: string; errors: { message: string; code: number }[] }>();
  });
});

// Lead: one block per operation merged from the other branches, e.g.
// describe("startChatConversation", () => { ...params { chat_queue_id: ... }, result { conversation_id: string } ... });
// Webhook union: add a block once the spec declares webhooks (src/generated/schema.ts `webhooks` is empty today).
