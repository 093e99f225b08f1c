export { DEFAULT_TIME_ZONE, formatThuliumDate, parseThuliumDate } from "./check/dates.js";
export type {
  CallOptions,
  OperationMethod,
  OperationMethods,
  OperationParams,
  OperationResult,
  ThuliumClient,
  ThuliumClientOptions,
  ThuliumCoreClient,
  ThuliumFetchOptions,
  ThuliumResponse,
} from "./client/create-client.js";
export { createThuliumClient } from "./client/create-client.js";
export type { Chat, IterateChatsOptions, IterateChatsParams } from "./client/iterate-chats.js";
export { iterateChats } from "./client/iterate-chats.js";
export type { LogLevel } from "./client/log-level.js";
export type { ThuliumTracing, TracedCall, TracedIO } from "./client/tracing.js";
export * from "./errors/public-errors.js";
export type { OperationId, OperationSpec, ParameterSpec } from "./generated/operations.js";
export { operations } from "./generated/operations.js";
export type { AttemptEvent, ThuliumLogger, ValidateResponses } from "./http/types.js";
export type { ChatWebhookHandler, ChatWebhookHandlerOptions, NodeWebhookRequest, NodeWebhookResponse } from "./webhooks/handler.js";
export { createChatWebhookHandler } from "./webhooks/handler.js";
export type { ChatWebhook, ChatWebhookAction, ChatWebhookOf, UnknownChatWebhook } from "./webhooks/parse.js";
export { parseChatWebhook } from "./webhooks/parse.js";
