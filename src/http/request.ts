/**
 * What a method does: check its options and params, build the URL with
 * openapi-fetch's serializers, send through the transport, and return the
 * 2xx body or throw. Without middleware the request goes to `fetch` as a URL
 * and init, never as a `Request`: a `Request` built here and copied again
 * inside `fetch` cost about a tenth of the throughput.
 */
import { createFinalURL, createQuerySerializer, defaultPathSerializer, type Middleware } from "openapi-fetch";
import { splitParams } from "../check/params.js";
import { type CallOptions, type ClientSettings, callPolicy } from "../client/options.js";
import { parseErrorBody } from "../errors/error-body.js";
import { ThuliumApiError } from "../errors/thulium-errors.js";
import type { OperationSpec } from "../operations/table.js";
import { isRetryableStatus } from "./retry.js";
import { send } from "./send.js";
import type { Answer, CallPolicy, Target } from "./types.js";

/** A client's settings and middleware, shared by its methods and its `api`. */
export interface ClientContext {
  readonly settings: ClientSettings;
  readonly middleware: Middleware[];
  /** Set by the full client: sends a call through `middleware`. Absent from `/core`, which has none. */
  viaMiddleware?: ViaMiddleware;
}

export type ViaMiddleware = (
  client: ClientContext,
  target: Target,
  policy: CallPolicy,
  request: Request,
  params: { path?: Record<string, string>; query?: Record<string, unknown> },
) => Promise<Answer>;

// openapi-fetch's default, so methods and `client.api` write the same query strings.
export const querySerializer = createQuerySerializer();

/** One method per operation, named by its operationId. */
export function operationMethods(client: ClientContext, operations: Record<string, OperationSpec>): Record<string, unknown> {
  const methods: Record<string, unknown> = {};
  for (const op of Object.values(operations)) {
    methods[op.operationId] = (params: unknown, callOptions?: CallOptions) => callOperation(client, op, params, callOptions);
  }
  return methods;
}

export async function callOperation(client: ClientContext, op: OperationSpec, params: unknown, callOptions: CallOptions | undefined): Promise<unknown> {
  const { settings } = client;
  const policy = callPolicy(settings, callOptions);
  const { path, query, body } = splitParams(op.operationId, op, params, settings.timeZone);
  const url = createFinalURL(op.path, { baseUrl: settings.baseUrl, params: { path, query }, querySerializer, pathSerializer: defaultPathSerializer });
  const { method } = op;
  const headers = body === undefined ? settings.headers : settings.jsonHeaders;
  const json = body === undefined ? undefined : JSON.stringify(body);
  const answer =
    client.middleware.length > 0 && client.viaMiddleware
      ? await client.viaMiddleware(client, op, policy, new Request(url, { method, headers, body: json, redirect: "manual" }), { path, query })
      : await send(op, policy, settings.logger, (signal) => settings.fetch(url, { method, headers, body: json, redirect: "manual", signal }));
  return result(op, policy, settings, answer);
}

/** The value of a 2xx answer; any other status throws. */
export function result(op: OperationSpec, policy: CallPolicy, settings: ClientSettings, answer: Answer): unknown {
  const { status, headers, text, attempts } = answer;
  const { operationId } = op;
  if (status < 200 || status > 299) {
    const location = status >= 300 && status < 400 ? headers.get("location") : null;
    throw new ThuliumApiError({
      operationId,
      status,
      body: parseErrorBody(text, answer.over),
      attempts,
      retryable: isRetryableStatus(status, op.idempotent),
      headers,
      detail: location === null ? undefined : `redirect to ${location} not followed; check baseUrl`,
    });
  }
  // Reached through the operation, so that an app calling only operations without a JSON answer does not bundle it.
  // Every 2xx of such an operation is read, a 204 included: where JSON is declared, no body is "empty".
  return op.readJson ? op.readJson(op, policy, settings.logger, answer) : undefined;
}
