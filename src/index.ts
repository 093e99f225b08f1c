export type {
  CallOptions,
  OperationMethods,
  OperationParams,
  OperationResult,
  ThuliumClient,
  ThuliumClientOptions,
  ThuliumCoreClient,
} from "./client.js";
export { createThuliumClient } from "./client.js";
export type { ValidateResponses } from "./client-options.js";
export { DEFAULT_TIME_ZONE, formatThuliumDate, parseThuliumDate } from "./dates.js";
export type { OperationId, OperationSpec, ParameterSpec } from "./generated/operations.js";
export { operations } from "./generated/operations.js";
export type { Chat, IterateChatsOptions, IterateChatsParams } from "./pagination.js";
export { iterateChats } from "./pagination.js";
export * from "./public-errors.js";
export type { AttemptEvent, ThuliumLogger } from "./transport.js";
export type { ChatWebhookHandler, ChatWebhookHandlerOptions, NodeWebhookRequest, NodeWebhookResponse } from "./webhook-handler.js";
export { createChatWebhookHandler } from "./webhook-handler.js";
export type { ChatWebhook, ChatWebhookAction, ChatWebhookOf, UnknownChatWebhook } from "./webhooks.js";
export { parseChatWebhook } from "./webhooks.js";
