/**
 * `createCoreClient(options, operations)`: a client with a method for each
 * operation passed in, and nothing else, so that a bundle holds only the
 * operations an app calls (`thulium-chat-client/core`).
 */
import type { OperationId } from "../generated/operations.js";
import { operationMethods } from "../http/request.js";
import type { ThuliumCoreClient } from "../operations/method-types.js";
import type { OperationSpec } from "../operations/table.js";
import { normalizeOptions, type ThuliumCoreClientOptions } from "./options.js";

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
