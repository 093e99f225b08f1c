/**
 * `createThuliumClient(options)`: the client with every operation of the
 * spec, plus `iterateChats`. Built on the core (src/core.ts).
 */
import { type CallOptions, createThuliumClient as createCore, type ThuliumClientOptions, type ThuliumCoreClient } from "./core.js";
import { operations } from "./generated/operations.js";
import { type Chat, type IterateChatsOptions, type IterateChatsParams, iterateChats } from "./pagination.js";

export type { CallOptions, OperationMethods, OperationParams, OperationResult, ThuliumClientOptions, ThuliumCoreClient } from "./core.js";

export type ThuliumClient = ThuliumCoreClient<typeof operations> & {
  /** Every chat matching `params`, across pages of `listChats` (src/pagination.ts). */
  iterateChats(params?: IterateChatsParams, options?: IterateChatsOptions): AsyncGenerator<Chat, void, undefined>;
};

export function createThuliumClient(options: ThuliumClientOptions): ThuliumClient {
  const core = createCore(options, operations);
  return {
    ...core,
    iterateChats: (params?: IterateChatsParams, options?: IterateChatsOptions & CallOptions) => iterateChats(core.listChats, params, options),
  };
}
