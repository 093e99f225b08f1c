/**
 * The client core (`thulium-chat-client/core`): every operation passed in
 * becomes a method that validates its params, sends the request through the
 * transport (src/call.ts), and throws on anything but 2xx. Only the operations
 * passed in are bundled.
 */
import { operationMethods } from "./call.js";
import { normalizeOptions, type ThuliumCoreClientOptions } from "./client-options.js";
import type { OperationId, OperationSpec } from "./generated/operations.js";
import type { ThuliumCoreClient } from "./operation-types.js";

export type { CallOptions, ThuliumClientOptions, ThuliumCoreClientOptions, ValidateResponses } from "./client-options.js";
export type { OperationMethods, OperationParams, OperationResult, ThuliumCoreClient } from "./operation-types.js";

/**
 * A client with a method for each of `operations`, e.g.
 * `createCoreClient(options, { stopChatConversation })` with the operations
 * exported by `thulium-chat-client/core`. Unlike `createThuliumClient`, it
 * reads no environment variables: the connection options are all given.
 */
export function createCoreClient<const Ops extends Partial<Record<OperationId, OperationSpec>>>(
  options: ThuliumCoreClientOptions,
  operations: Ops,
): ThuliumCoreClient<Ops> {
  return operationMethods({ settings: normalizeOptions(options), middleware: [] }, operations as Record<string, OperationSpec>) as ThuliumCoreClient<Ops>;
}

// The core entry also hands out the errors, and each operation to pass to createCoreClient.
export * from "./generated/operations.js";
export * from "./public-errors.js";
