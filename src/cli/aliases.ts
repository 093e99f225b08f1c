/**
 * The one hand-written table of the CLI: friendly command names, positional
 * arguments and short flags for operations of the spec. Every operation is a
 * command without an entry here (`stop-chat-conversation --id …`); an entry
 * only adds a shorter way in. test/cli/commands.test.ts checks every entry
 * against the spec.
 */
import type { ThuliumClient } from "../client/create-client.js";
import type { IterateChatsParams } from "../client/iterate-chats.js";
import type { OperationId } from "../generated/operations.js";

/** `Id`: an operation of the generated table; tests build tables of their own operations. */
export interface Alias<Id extends string = OperationId> {
  /** What the user types: one word, or a group and a word (`webhooks list`). */
  readonly command: string;
  readonly operationId: Id;
  /**
   * Parameters taken as positional arguments, in order. A trailing `...`
   * takes many values, or `-` for stdin, and makes one call per value.
   */
  readonly positionals?: readonly string[];
  /**
   * A positional the command requires although the spec leaves it optional, and which `-` reads from
   * stdin (all of it): `send`'s text, as a message without one would reach the customer empty.
   */
  readonly requiredText?: string;
  /** Short flags: `queue: "chat_queue_id"` makes `--queue` a name for `--chat-queue-id`. */
  readonly flags?: Readonly<Record<string, string>>;
  /** Past tense of the command, for a many-value run's summary: `stopped 98, failed 2`. */
  readonly done?: string;
  /** Every page of the operation, through the client's iterator; gives the command `--all`. */
  readonly pages?: (client: ThuliumClient, params: Record<string, unknown>, signal: AbortSignal) => AsyncIterable<unknown>;
}

export const aliases: readonly Alias[] = [
  { command: "start", operationId: "startChatConversation", flags: { queue: "chat_queue_id" } },
  { command: "send", operationId: "sendChatMessage", positionals: ["id", "text"], requiredText: "text" },
  { command: "stop", operationId: "stopChatConversation", positionals: ["id..."], done: "stopped" },
  // The participant first, given once for the run, so that many ids can follow.
  { command: "delete-content", operationId: "deleteChatContent", positionals: ["participant", "id..."], done: "content deleted" },
  { command: "delete", operationId: "deleteChatConversation", positionals: ["id..."], done: "deleted" },
  {
    command: "list",
    operationId: "listChats",
    flags: { from: "date_from", to: "date_to", queue: "chat_queue_id" },
    pages: (client, params, signal) => client.iterateChats(params as IterateChatsParams, { signal }),
  },
  { command: "report", operationId: "getChatSummaryReport", flags: { from: "date_from", to: "date_to" } },
  { command: "queues", operationId: "listChatQueues" },
  // Two words: `thulium-chat webhooks …`; `webhooks listen` is in listen.ts, as it calls no operation.
  { command: "webhooks list", operationId: "listWebhooks" },
  {
    command: "webhooks subscribe",
    operationId: "createWebhook",
    flags: { url: "subscription_url", action: "actions", "auth-user": "http_auth_user", "auth-password-stdin": "http_auth_password" },
  },
];
