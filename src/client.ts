/**
 * `createThuliumClient(options)`: the client with every operation of the
 * spec, plus `iterateChats` and `api`, the openapi-fetch client on the same
 * settings.
 */
import type { Client } from "openapi-fetch";
import { createApiClient } from "./api.js";
import { operationMethods } from "./call.js";
import type { ThuliumCoreClient } from "./core.js";
import { operations } from "./generated/operations.js";
import type { paths } from "./generated/schema.js";
import { type CallOptions, normalizeOptions, type ThuliumClientOptions } from "./options.js";
import { type Chat, type IterateChatsOptions, type IterateChatsParams, iterateChats } from "./pagination.js";

export type { CallOptions, OperationMethods, OperationParams, OperationResult, ThuliumClientOptions, ThuliumCoreClient } from "./core.js";

export type ThuliumClient = ThuliumCoreClient<typeof operations> & {
  /**
   * The underlying openapi-fetch client, for `{ data, error, response }`, with the same base URL,
   * auth, timeout and retries. Its middleware (`api.use`) sees the calls made on `api` only.
   */
  readonly api: Client<paths>;
  /** Every chat matching `params`, across pages of `listChats` (src/pagination.ts). */
  iterateChats(params?: IterateChatsParams, options?: IterateChatsOptions): AsyncGenerator<Chat, void, undefined>;
};

export function createThuliumClient(options: ThuliumClientOptions): ThuliumClient {
  const settings = normalizeOptions(options);
  const methods = operationMethods(settings, operations) as ThuliumCoreClient<typeof operations>;
  return {
    ...methods,
    api: createApiClient(settings, operations),
    iterateChats: (params?: IterateChatsParams, options?: IterateChatsOptions & CallOptions) => iterateChats(methods.listChats, params, options),
  };
}
