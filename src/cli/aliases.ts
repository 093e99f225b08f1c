/**
 * The one hand-written table of the CLI: friendly command names, positional
 * arguments and short flags for operations of the spec. Every operation is a
 * command without an entry here (`stop-chat-conversation --id …`); an entry
 * only adds a shorter way in. Entries are keyed by operationId, so one whose
 * operation is not in the generated table is left out, and lights up when
 * the spec gains it.
 */
export interface Alias {
  /** What the user types: one word, or a group and a word (`webhooks list`). */
  readonly command: string;
  readonly operationId: string;
  /**
   * Parameters taken as positional arguments, in order. A trailing `...`
   * takes many values, or `-` for stdin, and makes one call per value.
   */
  readonly positionals?: readonly string[];
  /** Short flags: `queue: "chat_queue_id"` makes `--queue` a name for `--chat-queue-id`. */
  readonly flags?: Readonly<Record<string, string>>;
  /** Past tense of the command, for a many-value run's summary: `stopped 98, failed 2`. */
  readonly done?: string;
  /** The client method that iterates every page of the operation; gives the command `--all`. */
  readonly pages?: string;
}

export const aliases: readonly Alias[] = [
  { command: "start", operationId: "startChatConversation", flags: { queue: "chat_queue_id" } },
  { command: "send", operationId: "sendChatMessage", positionals: ["id", "text"] },
  { command: "stop", operationId: "stopChatConversation", positionals: ["id..."], done: "stopped" },
  // The participant first, given once for the run, so that many ids can follow.
  { command: "delete-content", operationId: "deleteChatContent", positionals: ["participant", "id..."], done: "content deleted" },
  { command: "delete", operationId: "deleteChatConversation", positionals: ["id..."], done: "deleted" },
  { command: "list", operationId: "listChats", flags: { from: "date_from", to: "date_to", queue: "chat_queue_id" }, pages: "iterateChats" },
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
