export { createThuliumClient } from "./client.js";
export type {
  CallOptions,
  OperationMethods,
  ThuliumCoreClient,
  OperationParams,
  OperationResult,
  ThuliumClient,
  ThuliumClientOptions,
} from "./client.js";
export {
  ThuliumAbortError,
  ThuliumApiError,
  ThuliumConnectionError,
  ThuliumError,
  ThuliumInputError,
  ThuliumTimeoutError,
  isForbidden,
  isNotFound,
  isUnauthorized,
} from "./errors.js";
export type { ThuliumErrorItem } from "./errors.js";
export { DEFAULT_TIME_ZONE, formatThuliumDate } from "./dates.js";
export { operations } from "./generated/operations.js";
export type { OperationId, OperationSpec, ParameterSpec } from "./generated/operations.js";
export type { AttemptEvent, ThuliumLogger } from "./transport.js";
export { iterateChats } from "./pagination.js";
export type { Chat, IterateChatsOptions, IterateChatsParams } from "./pagination.js";
export { parseChatWebhook } from "./webhooks.js";
export type { ChatWebhook, ChatWebhookAction, ChatWebhookOf } from "./webhooks.js";
