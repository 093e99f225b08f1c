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
import type {
  CallOptions,
  Chat,
  ChatWebhook,
  ChatWebhookAction,
  ChatWebhookOf,
  createChatWebhookHandler,
  OperationId,
  OperationParams,
  OperationResult,
  parseChatWebhook,
  ThuliumClient,
} from "../../src/index.js";
import type { components, operations as SchemaOperations } from "../../src/schema.js";

/** Every operation of the spec has a block below. */
const covered = {
  startChatConversation: true,
  sendChatMessage: true,
  stopChatConversation: true,
  deleteChatContent: true,
  deleteChatConversation: true,
  listChats: true,
  listChatQueues: true,
  getChatSummaryReport: true,
  createWebhook: true,
  listWebhooks: true,
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
    expectTypeOf<ThuliumClient["stopChatConversation"]>().toBeCallableWith(
      { id: "6ed7c941-2c8a-411e-95d2-338a9f64800a", external_chatbot_id: "bot" },
      { timeoutMs: 1000 },
    );
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

const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
type ErrorBody = components["schemas"]["ErrorResponse"];
type ChatStatus = "CREATED" | "IN_PROGRESS" | "CLOSED";

describe("startChatConversation", () => {
  it("takes the chat queue id (a number) and optional client details", () => {
    type Params = { chat_queue_id: number; client_name?: string; client_surname?: string; client_email?: string; client_id?: string; customer_id?: number };
    expectTypeOf<OperationParams<"startChatConversation">>().toEqualTypeOf<Params>();
    expectTypeOf<ThuliumClient["startChatConversation"]>().parameter(0).toEqualTypeOf<Params>();
    expectTypeOf<ThuliumClient["startChatConversation"]>().parameter(1).toEqualTypeOf<CallOptions | undefined>();
    expectTypeOf<ThuliumClient["startChatConversation"]>().toBeCallableWith({ chat_queue_id: 3 });
    expectTypeOf<ThuliumClient["startChatConversation"]>().toBeCallableWith(
      { chat_queue_id: 3, client_name: "Jan", client_id: "1234", customer_id: 1 },
      { maxRetries: 0 },
    );
    // @ts-expect-error the chat queue is required
    expectTypeOf<ThuliumClient["startChatConversation"]>().toBeCallableWith({ client_name: "Jan" });
    // @ts-expect-error the chat queue id is a number
    expectTypeOf<ThuliumClient["startChatConversation"]>().toBeCallableWith({ chat_queue_id: "3" });
    // @ts-expect-error client_id is sent as text: Thulium does not give its type
    expectTypeOf<ThuliumClient["startChatConversation"]>().toBeCallableWith({ chat_queue_id: 3, client_id: 1234 });
  });

  it("resolves to the new conversation's id, for 200 and 201 alike", () => {
    expectTypeOf<OperationResult<"startChatConversation">>().toEqualTypeOf<{ conversation_id: string }>();
    expectTypeOf<OperationResult<"startChatConversation">>().toEqualTypeOf<components["schemas"]["ChatConversationStarted"]>();
    expectTypeOf<ThuliumClient["startChatConversation"]>().returns.resolves.toEqualTypeOf<{ conversation_id: string }>();
  });

  it("documents the spec's error body for its error statuses", () => {
    type Responses = SchemaOperations["startChatConversation"]["responses"];
    expectTypeOf<Responses[400]["content"]["application/json"]>().toEqualTypeOf<ErrorBody>();
    expectTypeOf<Responses[404]["content"]["application/json"]>().toEqualTypeOf<ErrorBody>();
  });
});

describe("sendChatMessage", () => {
  it("takes the conversation id and an optional text and external_chatbot_id", () => {
    type Params = { id: string; text?: string; external_chatbot_id?: string };
    expectTypeOf<OperationParams<"sendChatMessage">>().toEqualTypeOf<Params>();
    expectTypeOf<ThuliumClient["sendChatMessage"]>().parameter(0).toEqualTypeOf<Params>();
    expectTypeOf<ThuliumClient["sendChatMessage"]>().parameter(1).toEqualTypeOf<CallOptions | undefined>();
    expectTypeOf<ThuliumClient["sendChatMessage"]>().toBeCallableWith({ id: ID, text: "Hello, world!" });
    expectTypeOf<ThuliumClient["sendChatMessage"]>().toBeCallableWith({ id: ID });
    // @ts-expect-error the id is required
    expectTypeOf<ThuliumClient["sendChatMessage"]>().toBeCallableWith({ text: "Hello" });
    // @ts-expect-error the text is a string
    expectTypeOf<ThuliumClient["sendChatMessage"]>().toBeCallableWith({ id: ID, text: 42 });
    // An object literal is checked for fields the operation does not have (toBeCallableWith is not).
    // @ts-expect-error the message goes in `text`, not `message`
    const misnamed: OperationParams<"sendChatMessage"> = { id: ID, message: "Hello" };
    expectTypeOf(misnamed).toEqualTypeOf<Params>();
  });

  it("resolves to undefined: Thulium answers with no body", () => {
    expectTypeOf<OperationResult<"sendChatMessage">>().toEqualTypeOf<undefined>();
    expectTypeOf<ThuliumClient["sendChatMessage"]>().returns.resolves.toEqualTypeOf<undefined>();
  });

  it("types the JSON body as the spec's ChatMessage", () => {
    type Body = NonNullable<SchemaOperations["sendChatMessage"]["requestBody"]>["content"]["application/json"];
    expectTypeOf<Body>().toEqualTypeOf<components["schemas"]["ChatMessage"]>();
    expectTypeOf<SchemaOperations["sendChatMessage"]["responses"][404]["content"]["application/json"]>().toEqualTypeOf<ErrorBody>();
  });
});

describe("deleteChatContent", () => {
  it("takes the conversation id and whose messages: user, customer or both", () => {
    type Params = { id: string; participant: "user" | "customer" | "both" };
    expectTypeOf<OperationParams<"deleteChatContent">>().toEqualTypeOf<Params>();
    expectTypeOf<ThuliumClient["deleteChatContent"]>().parameter(0).toEqualTypeOf<Params>();
    expectTypeOf<ThuliumClient["deleteChatContent"]>().parameter(1).toEqualTypeOf<CallOptions | undefined>();
    expectTypeOf<ThuliumClient["deleteChatContent"]>().toBeCallableWith({ id: ID, participant: "both" });
    // @ts-expect-error the participant is required
    expectTypeOf<ThuliumClient["deleteChatContent"]>().toBeCallableWith({ id: ID });
    // @ts-expect-error "agent" is not one of the spec's values
    expectTypeOf<ThuliumClient["deleteChatContent"]>().toBeCallableWith({ id: ID, participant: "agent" });
  });

  it("resolves to undefined: Thulium answers with no body", () => {
    expectTypeOf<OperationResult<"deleteChatContent">>().toEqualTypeOf<undefined>();
    expectTypeOf<ThuliumClient["deleteChatContent"]>().returns.resolves.toEqualTypeOf<undefined>();
    expectTypeOf<SchemaOperations["deleteChatContent"]["responses"][404]["content"]["application/json"]>().toEqualTypeOf<ErrorBody>();
  });
});

describe("deleteChatConversation", () => {
  it("takes the conversation id only", () => {
    expectTypeOf<OperationParams<"deleteChatConversation">>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<ThuliumClient["deleteChatConversation"]>().parameter(0).toEqualTypeOf<{ id: string }>();
    expectTypeOf<ThuliumClient["deleteChatConversation"]>().parameter(1).toEqualTypeOf<CallOptions | undefined>();
    expectTypeOf<ThuliumClient["deleteChatConversation"]>().toBeCallableWith({ id: ID });
    // @ts-expect-error the id is required
    expectTypeOf<ThuliumClient["deleteChatConversation"]>().toBeCallableWith({});
    // @ts-expect-error the operation takes no participant (that is deleteChatContent)
    const withParticipant: OperationParams<"deleteChatConversation"> = { id: ID, participant: "both" };
    expectTypeOf(withParticipant).toEqualTypeOf<{ id: string }>();
  });

  it("resolves to undefined: Thulium answers 204", () => {
    expectTypeOf<OperationResult<"deleteChatConversation">>().toEqualTypeOf<undefined>();
    expectTypeOf<ThuliumClient["deleteChatConversation"]>().returns.resolves.toEqualTypeOf<undefined>();
    expectTypeOf<keyof SchemaOperations["deleteChatConversation"]["responses"]>().toEqualTypeOf<204 | 400 | 401 | 403 | 404 | 500>();
  });
});

describe("listChats", () => {
  it("takes optional filters and paging, with a Date accepted for the dates", () => {
    type Params = {
      limit?: number;
      offset?: number;
      date_from?: string | Date;
      date_to?: string | Date;
      status?: ChatStatus;
      chat_queue_id?: number;
      include_messages?: boolean;
      include_files?: boolean;
      include_client_data?: boolean;
    };
    expectTypeOf<OperationParams<"listChats">>().toEqualTypeOf<Params>();
    // Every filter is optional, so are the params.
    expectTypeOf<ThuliumClient["listChats"]>().parameter(0).toEqualTypeOf<Params | undefined>();
    expectTypeOf<ThuliumClient["listChats"]>().parameter(1).toEqualTypeOf<CallOptions | undefined>();
    expectTypeOf<ThuliumClient["listChats"]>().toBeCallableWith();
    expectTypeOf<ThuliumClient["listChats"]>().toBeCallableWith({ date_from: new Date(), date_to: "2014-07-14 12:34", status: "CLOSED", limit: 10 });
    // @ts-expect-error "OPEN" is not a chat status of the spec
    expectTypeOf<ThuliumClient["listChats"]>().toBeCallableWith({ status: "OPEN" });
    // @ts-expect-error a date is text or a Date, not a timestamp number
    expectTypeOf<ThuliumClient["listChats"]>().toBeCallableWith({ date_from: Date.now() });
  });

  it("resolves to one page: count and the chats of the page", () => {
    expectTypeOf<OperationResult<"listChats">>().toEqualTypeOf<{ count: number; result: Chat[] }>();
    expectTypeOf<OperationResult<"listChats">>().toEqualTypeOf<components["schemas"]["ChatList"]>();
    expectTypeOf<ThuliumClient["listChats"]>().returns.resolves.toEqualTypeOf<components["schemas"]["ChatList"]>();
    expectTypeOf<Chat>().toEqualTypeOf<components["schemas"]["Chat"]>();
    expectTypeOf<Pick<Chat, "conversation_id" | "created_at" | "status">>().toEqualTypeOf<{
      conversation_id: string;
      created_at: string;
      status: ChatStatus;
    }>();
    expectTypeOf<Chat["closed_at"]>().toEqualTypeOf<string | undefined>();
  });

  it("has iterateChats for every page, with the filters but not limit and offset", () => {
    expectTypeOf<ThuliumClient["iterateChats"]>().returns.toEqualTypeOf<AsyncGenerator<Chat, void, undefined>>();
    expectTypeOf<ThuliumClient["iterateChats"]>().toBeCallableWith({ status: "CLOSED", date_from: new Date() }, { maxItems: 500 });
    // @ts-expect-error the iterator sets offset itself
    expectTypeOf<ThuliumClient["iterateChats"]>().toBeCallableWith({ offset: 100 });
  });
});

describe("listChatQueues", () => {
  it("takes no parameters", () => {
    expectTypeOf<OperationParams<"listChatQueues">>().toEqualTypeOf<{}>();
    expectTypeOf<ThuliumClient["listChatQueues"]>().toBeCallableWith();
    expectTypeOf<ThuliumClient["listChatQueues"]>().toBeCallableWith({}, { timeoutMs: 1000 });
  });

  it("resolves to unknown: the shape of the answer is undocumented, so a consumer must check it", () => {
    expectTypeOf<OperationResult<"listChatQueues">>().toBeUnknown();
    expectTypeOf<ThuliumClient["listChatQueues"]>().returns.resolves.toBeUnknown();
  });
});

describe("getChatSummaryReport", () => {
  it("takes the period (text or Date) and optional filters, lists by their names without brackets", () => {
    type Params = {
      limit?: number;
      offset?: number;
      user_logins?: string[];
      date_from: string | Date;
      date_to: string | Date;
      sum_users?: boolean;
      aggregate_by?: "hour_of_day" | "minute" | "hour" | "day" | "week" | "month" | "year";
      chat_queue_ids?: number[];
      response_threshold?: number;
    };
    expectTypeOf<OperationParams<"getChatSummaryReport">>().toEqualTypeOf<Params>();
    expectTypeOf<ThuliumClient["getChatSummaryReport"]>().parameter(0).toEqualTypeOf<Params>();
    expectTypeOf<ThuliumClient["getChatSummaryReport"]>().parameter(1).toEqualTypeOf<CallOptions | undefined>();
    expectTypeOf<ThuliumClient["getChatSummaryReport"]>().toBeCallableWith({
      date_from: new Date("2019-11-01"),
      date_to: "2019-11-02 11:12:00",
      user_logins: ["jkowalski"],
      aggregate_by: "day",
    });
    // @ts-expect-error the period is required
    expectTypeOf<ThuliumClient["getChatSummaryReport"]>().toBeCallableWith({ date_from: "2019-11-01" });
    // @ts-expect-error "quarter" is not an aggregation of the spec
    expectTypeOf<ThuliumClient["getChatSummaryReport"]>().toBeCallableWith({ date_from: "2019-11-01", date_to: "2019-11-02", aggregate_by: "quarter" });
    // @ts-expect-error the wire name with brackets is not the param's name
    const wireName: OperationParams<"getChatSummaryReport"> = { date_from: "2019-11-01", date_to: "2019-11-02", "user_logins[]": ["a"] };
    expectTypeOf(wireName).toEqualTypeOf<Params>();
  });

  it("resolves to the report's rows, a bare array", () => {
    type Row = components["schemas"]["ChatSummaryReportRow"];
    expectTypeOf<OperationResult<"getChatSummaryReport">>().toEqualTypeOf<Row[]>();
    expectTypeOf<ThuliumClient["getChatSummaryReport"]>().returns.resolves.toEqualTypeOf<Row[]>();
    expectTypeOf<Row["chat_time"]>().toEqualTypeOf<{ min?: string; max?: string; sum?: string; avg?: string } | undefined>();
    expectTypeOf<Row["incoming"]>().toEqualTypeOf<number | undefined>();
  });
});

describe("parseChatWebhook", () => {
  type Created = {
    action: "CHAT_CONVERSATION_CREATED";
    conversation_id: string;
    client_name: string;
    client_email: string;
    date: string;
    chat_queue_id: number;
  };
  type Closed = { action: "CHAT_CONVERSATION_CLOSED"; conversation_id: string; date: string; chat_queue_id: number };
  type Assigned = { action: "CHAT_AGENT_ASSIGNED"; conversation_id: string; agent_login: string; date: string; chat_queue_id: number };

  it("returns the union of the spec's three chat webhooks", () => {
    expectTypeOf<typeof parseChatWebhook>().parameter(0).toBeUnknown();
    expectTypeOf<typeof parseChatWebhook>().returns.toEqualTypeOf<ChatWebhook>();
    expectTypeOf<ChatWebhook>().toEqualTypeOf<Created | Closed | Assigned>();
    expectTypeOf<ChatWebhookAction>().toEqualTypeOf<"CHAT_CONVERSATION_CREATED" | "CHAT_CONVERSATION_CLOSED" | "CHAT_AGENT_ASSIGNED">();
    expectTypeOf<ChatWebhook["action"]>().toEqualTypeOf<ChatWebhookAction>();
    expectTypeOf<ChatWebhookOf<"CHAT_AGENT_ASSIGNED">>().toEqualTypeOf<Assigned>();
  });

  it("is discriminated on action: each case sees only its own fields", () => {
    const narrow = (payload: ChatWebhook) => {
      switch (payload.action) {
        case "CHAT_CONVERSATION_CREATED":
          expectTypeOf(payload).toEqualTypeOf<Created>();
          return payload.client_email;
        case "CHAT_CONVERSATION_CLOSED":
          expectTypeOf(payload).toEqualTypeOf<Closed>();
          // @ts-expect-error a closed conversation's payload has no agent_login
          return payload.agent_login;
        case "CHAT_AGENT_ASSIGNED":
          expectTypeOf(payload).toEqualTypeOf<Assigned>();
          return payload.agent_login;
        default:
          // Every action is handled above.
          expectTypeOf(payload).toBeNever();
          return payload;
      }
    };
    expectTypeOf(narrow).returns.toEqualTypeOf<string>();
    // @ts-expect-error "agent_login" is not on every webhook: narrow on action first
    expectTypeOf<ChatWebhook["agent_login"]>().toBeString();
  });
});

type Subscription = {
  id: number;
  actions: string[];
  subscription_url: string;
  http_auth_user?: string;
  http_auth_password?: string;
};

describe("createWebhook", () => {
  it("takes the actions and the URL, and optionally the Basic credentials Thulium will send", () => {
    type Params = { actions: string[]; subscription_url: string; http_auth_user?: string; http_auth_password?: string };
    expectTypeOf<OperationParams<"createWebhook">>().toEqualTypeOf<Params>();
    expectTypeOf<ThuliumClient["createWebhook"]>().parameter(0).toEqualTypeOf<Params>();
    expectTypeOf<ThuliumClient["createWebhook"]>().toBeCallableWith({ actions: ["CHAT_CONVERSATION_CREATED"], subscription_url: "https://example.pl" });
    // Thulium has actions beyond the chat ones: any name is accepted.
    expectTypeOf<ThuliumClient["createWebhook"]>().toBeCallableWith({ actions: ["CUSTOMER_CREATED"], subscription_url: "https://example.pl" });
    // @ts-expect-error the URL is required
    expectTypeOf<ThuliumClient["createWebhook"]>().toBeCallableWith({ actions: ["CHAT_CONVERSATION_CREATED"] });
    // @ts-expect-error actions is a list, not one name
    expectTypeOf<ThuliumClient["createWebhook"]>().toBeCallableWith({ actions: "CHAT_CONVERSATION_CREATED", subscription_url: "https://example.pl" });
  });

  it("resolves to the subscription with its id, for 200 and 201 alike", () => {
    expectTypeOf<OperationResult<"createWebhook">>().toEqualTypeOf<Subscription>();
    expectTypeOf<OperationResult<"createWebhook">>().toEqualTypeOf<components["schemas"]["WebhookSubscription"]>();
    expectTypeOf<SchemaOperations["createWebhook"]["responses"][403]["content"]["application/json"]>().toEqualTypeOf<ErrorBody>();
  });
});

describe("listWebhooks", () => {
  it("takes no parameters and resolves to every subscription", () => {
    expectTypeOf<OperationParams<"listWebhooks">>().toEqualTypeOf<{}>();
    expectTypeOf<ThuliumClient["listWebhooks"]>().toBeCallableWith();
    expectTypeOf<OperationResult<"listWebhooks">>().toEqualTypeOf<Subscription[]>();
  });
});

describe("createChatWebhookHandler", () => {
  it("hands onEvent the ChatWebhook union and returns a fetch handler and a node:http listener", () => {
    type Options = Parameters<typeof createChatWebhookHandler>[0];
    expectTypeOf<Parameters<Options["onEvent"]>[0]>().toEqualTypeOf<ChatWebhook>();
    expectTypeOf<ReturnType<typeof createChatWebhookHandler>["fetch"]>().toEqualTypeOf<(request: Request) => Promise<Response>>();
    expectTypeOf<typeof import("node:http").createServer>().toBeCallableWith(({} as ReturnType<typeof createChatWebhookHandler>).node);
  });
});
