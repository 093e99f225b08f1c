/**
 * What a method does: check its params, build the URL with openapi-fetch's
 * serializers, send through the transport, and return the 2xx body or throw.
 * The request goes to `fetch` as a URL and init, never as a `Request`: a
 * `Request` built here and copied again inside `fetch` cost about a tenth of
 * the throughput (see README, Performance).
 */
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import { excerpt, ThuliumApiError } from "./errors.js";
import type { OperationSpec } from "./generated/operations.js";
import { type CallOptions, checkRetries, checkTimeout, type Settings } from "./options.js";
import { splitParams } from "./params.js";
import { isRetryableStatus } from "./retry.js";
import { type AttemptContext, failure, send, settle } from "./transport.js";

// openapi-fetch's default, so methods and `client.api` write the same query strings.
const querySerializer = createQuerySerializer();

const NO_CALL_OPTIONS: CallOptions = Object.freeze({});

/** One method per operation, named by its operationId. */
export function operationMethods(settings: Settings, operations: Record<string, OperationSpec>): Record<string, unknown> {
  const methods: Record<string, unknown> = {};
  for (const op of Object.values(operations)) {
    methods[op.operationId] = (params: unknown, callOptions?: CallOptions) => callOperation(settings, op, params, callOptions ?? NO_CALL_OPTIONS);
  }
  return methods;
}

export async function callOperation(settings: Settings, op: OperationSpec, params: unknown, callOptions: CallOptions): Promise<unknown> {
  const { operationId } = op;
  const { path, query, body } = splitParams(operationId, op, params, settings.timeZone);
  const url = createFinalURL(op.path, { baseUrl: settings.baseUrl, params: { path, query }, querySerializer, pathSerializer: defaultPathSerializer });
  const { method } = op;
  const requestHeaders = body === undefined ? settings.headers : settings.jsonHeaders;
  const json = body === undefined ? undefined : JSON.stringify(body);
  const ctx = attemptContext(settings, op, method, callOptions);
  try {
    const response = await send((signal) => settings.fetch(url, { method, headers: requestHeaders, body: json, redirect: "manual", signal }), ctx);
    const { status, headers } = response;
    if (response.ok) {
      if (!op.jsonResponse || status === 204) {
        // The server has answered 2xx; a body the spec does not declare is drained and dropped, even if it breaks off.
        if (headers.get("content-length") !== "0") await response.arrayBuffer().catch(() => undefined);
        return undefined;
      }
      // Read here rather than in a helper: one promise less per call, on the path every call takes.
      let text: string;
      try {
        text = await response.text();
      } catch (err) {
        // Not retried: the server has already acted on the request.
        throw failure(ctx, err);
      }
      const fail = (detail: string) => new ThuliumApiError({ operationId, status, body: undefined, attempts: ctx.attempts, retryable: false, headers, detail });
      if (!text) throw fail("with an empty body where the spec declares JSON");
      try {
        return JSON.parse(text);
      } catch {
        throw fail(`with a body that is not JSON: ${excerpt(text)}`);
      }
    }
    const location = status >= 300 && status < 400 ? headers.get("location") : null;
    throw new ThuliumApiError({
      operationId,
      status,
      // The transport has read it already, under the attempt's timer.
      body: parseErrorBody(await response.text()),
      attempts: ctx.attempts,
      retryable: isRetryableStatus(status, op.idempotent),
      headers,
      detail: location === null ? undefined : `redirect to ${location} not followed; check baseUrl`,
    });
  } finally {
    settle(ctx);
  }
}

/**
 * One call's settings. Methods read a 2xx body themselves (`deferSuccessBody`);
 * calls on `client.api` (no `callOptions`) have openapi-fetch read it.
 */
export function attemptContext(settings: Settings, op: OperationSpec | undefined, method: string, callOptions?: CallOptions): AttemptContext {
  return {
    operationId: op?.operationId,
    method,
    path: op?.path ?? "(unknown path)",
    idempotent: op?.idempotent ?? false,
    timeoutMs: checkTimeout(callOptions?.timeoutMs, settings.timeoutMs),
    maxRetries: checkRetries(callOptions?.maxRetries, settings.maxRetries),
    logger: settings.logger,
    signal: callOptions?.signal ?? null,
    deferSuccessBody: callOptions !== undefined,
    attempts: 0,
    // Every field set here, so the object keeps one shape while the transport writes to it.
    timer: undefined,
    onAbort: undefined,
    timedOut: false,
  };
}

/** Thulium's error JSON when the body is JSON, else its text, as openapi-fetch gives `error`. */
function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
