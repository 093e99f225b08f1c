/**
 * Compiled by `npm run typecheck`, never run: `thulium-chat-client/schema`
 * exports the types of every operation and every webhook of the spec.
 */

import type { OperationParams } from "../src/client/create-client.js";
import type { OperationId } from "../src/generated/operations.js";
import type { WebhookAction } from "../src/generated/webhooks.js";
import type { ChatWebhook, ChatWebhookOf, components, operations, paths, webhooks } from "../src/schema.js";

type Assert<T extends true> = T;
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export type EveryOperationTyped = Assert<OperationId extends keyof operations ? true : false>;
export type EveryWebhookTyped = Assert<Equal<keyof webhooks, WebhookAction>>;
export type UnionCoversEveryAction = Assert<Equal<ChatWebhook["action"], WebhookAction>>;
export type AgentAssigned = Assert<Equal<ChatWebhookOf<"CHAT_AGENT_ASSIGNED">, components["schemas"]["ChatAgentAssignedWebhook"]>>;
export type ChatsPath = Assert<paths["/chats"]["get"] extends operations["listChats"] ? true : false>;
// Date parameters take a string or a Date; others do not.
export type DateFromTakesDate = Assert<Date extends NonNullable<OperationParams<"getChatSummaryReport">["date_from"]> ? true : false>;
export type LimitTakesNoDate = Assert<Date extends NonNullable<OperationParams<"listChats">["limit"]> ? false : true>;
// `name[]` query parameters are passed by their flat name.
export type FlatListNames = Assert<Equal<NonNullable<OperationParams<"getChatSummaryReport">["user_logins"]>, string[]>>;

export function narrowsOnAction(payload: ChatWebhook): string {
  switch (payload.action) {
    case "CHAT_AGENT_ASSIGNED":
      return payload.agent_login;
    case "CHAT_CONVERSATION_CREATED":
      return payload.client_email;
    case "CHAT_CONVERSATION_CLOSED":
      return payload.conversation_id;
  }
}
