/**
 * `createThuliumClient(options)`: the client with every operation of the
 * spec, plus `iterateChats`, `use`/`eject` for openapi-fetch middleware, and
 * `api`, the openapi-fetch client on the same settings.
 */
import type { Client, Middleware } from "openapi-fetch";
import { operations } from "../generated/operations.js";
import type { paths } from "../generated/schema.js";
import { appFault } from "../http/app-fault.js";
import { ejectMiddleware, useMiddleware } from "../http/middleware.js";
import { type ClientContext, operationMethods } from "../http/request.js";
import type { ThuliumCoreClient } from "../operations/method-types.js";
import { nearestName } from "../text/nearest-name.js";
import { createApiClient } from "./api-client.js";
import { withEnvironment } from "./environment.js";
import { type Chat, type IterateChatsOptions, type IterateChatsParams, iterateChats } from "./iterate-chats.js";
import { withLogLevel } from "./log-level.js";
import { CALL_OPTIONS, type CallOptions, CLIENT_OPTIONS, type FullClient, normalizeOptions, type ThuliumClientOptions } from "./options.js";
import { withCallExtras, withClientExtras } from "./production-options.js";
import type { ThuliumTracing } from "./tracing.js";
import { traceMethods, withTracing } from "./with-tracing.js";

export type { OperationMethod, OperationMethods, OperationParams, OperationResult, ThuliumCoreClient, ThuliumResponse } from "../operations/method-types.js";
export type { CallOptions, ThuliumClientOptions, ThuliumFetchOptions } from "./options.js";

export type ThuliumClient = ThuliumCoreClient<typeof operations> & {
  /**
   * The underlying openapi-fetch client, for `{ data, error, response }`, with the same base URL,
   * auth, timeout, retries, limits and middleware (`api.use` is `use`).
   */
  readonly api: Client<paths>;
  /** Adds openapi-fetch middleware; it sees every request the client sends, the methods' and `api`'s. */
  use(...middleware: Middleware[]): void;
  /** Removes middleware added with `use`. */
  eject(...middleware: Middleware[]): void;
  /**
   * Every chat matching `params`, across pages of `listChats`, up to the first page's `count`: the chats there
   * were when the run began. Chats arriving while it pages are not waited for, and may or may not be yielded
   * (src/client/iterate-chats.ts).
   */
  iterateChats(params?: IterateChatsParams, options?: IterateChatsOptions): AsyncGenerator<Chat, void, undefined>;
};

/** `options` left out, or its connection settings, are read from THULIUM_SYSTEM or THULIUM_BASE_URL, THULIUM_USER and THULIUM_PASSWORD where the runtime has them. */
export function createThuliumClient(options: ThuliumClientOptions = {}): ThuliumClient {
  let tracing: ThuliumTracing | undefined;
  const full: FullClient = {
    options: CLIENT_OPTIONS,
    callOptions: CALL_OPTIONS,
    defaults: (given) => {
      const traced = withTracing(withLogLevel(withEnvironment(given)));
      tracing = traced.tracing;
      return traced.options;
    },
    suggest: nearestName,
    extend: withClientExtras,
    call: withCallExtras,
    appFault,
  };
  const client: ClientContext = { settings: normalizeOptions(options, full), middleware: [] };
  const untraced = operationMethods(client, operations);
  const methods = (tracing ? traceMethods(untraced, operations, tracing) : untraced) as ThuliumCoreClient<typeof operations>;
  return {
    ...methods,
    api: createApiClient(client, operations, tracing),
    use: (...middleware) => useMiddleware(client, middleware),
    eject: (...middleware) => ejectMiddleware(client, middleware),
    iterateChats: (params?: IterateChatsParams, options?: IterateChatsOptions & CallOptions) => iterateChats(methods.listChats, params, options),
  };
}
