/**
 * The client core (`thulium-chat-client/core`): `createCoreClient` with only
 * the operations passed in, each of which this entry also hands out.
 */
export { createCoreClient } from "./client/core-client.js";
export type { CallOptions, ThuliumClientOptions, ThuliumCoreClientOptions, ThuliumFetchOptions } from "./client/options.js";
export * from "./errors/public-errors.js";
export * from "./generated/operations.js";
export type { ValidateResponses } from "./http/types.js";
export type { OperationMethod, OperationMethods, OperationParams, OperationResult, ThuliumCoreClient, ThuliumResponse } from "./operations/method-types.js";
