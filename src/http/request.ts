/**
 * The request path, in call order, for the methods and for `thulium.api`:
 *  1. `callOperation`: the call's options and params checked, the URL built;
 *  2. `sendRequest`: sent directly or through the client's middleware;
 *  3. `send`: attempts until one is not retried, each under its own timer,
 *     which also covers reading the answer (`attempt`, `readAnswer`); the retry
 *     decided by `shouldRetry` (retry.ts), each attempt logged (log.ts);
 *  4. `result`: the 2xx checked against the spec, or the error built.
 * Without middleware a method's request goes to `fetch` as a URL and init: a
 * `Request` built here and copied again inside `fetch` cost about a tenth of
 * the throughput.
 */
import { createFinalURL, createQuerySerializer, defaultPathSerializer, type Middleware } from "openapi-fetch";
import { splitParams } from "../check/params.js";
import { type CallOptions, type ClientSettings, callPolicy } from "../client/options.js";
import { parseErrorBody } from "../errors/error-body.js";
import { ThuliumAbortError, ThuliumApiError, ThuliumConnectionError, ThuliumError, ThuliumTimeoutError } from "../errors/thulium-errors.js";
import type { ThuliumResponse } from "../operations/method-types.js";
import type { OperationSpec } from "../operations/table.js";
import { follow, sleep, unfollow } from "./caller-signal.js";
import { logAttempt } from "./log.js";
import { type BoundedText, readText, UndecodableText } from "./read-body.js";
import { isRetryableStatus, retryDelayMs, shouldRetry } from "./retry.js";
import type { Answer, AttemptOutcome, CallPolicy, Outgoing, Target } from "./types.js";

/** A client's settings and middleware, shared by its methods and its `api`. */
export interface ClientContext {
  readonly settings: ClientSettings;
  readonly middleware: Middleware[];
  /** Set by the full client once middleware is added (middleware.ts); `/core` has none and never bundles it. */
  runMiddleware?: MiddlewareRunner;
}

/** Sends `outgoing` through the client's middleware, which may change the request and the answer. */
export type MiddlewareRunner = (client: ClientContext, target: Target, policy: CallPolicy, outgoing: Outgoing, params: PathAndQuery) => Promise<Answer>;

/** The params a middleware sees, as openapi-fetch gives them. */
export interface PathAndQuery {
  path?: Record<string, string>;
  query?: Record<string, unknown>;
}

// openapi-fetch's default, so methods and `client.api` write the same query strings.
export const querySerializer = createQuerySerializer();

/** How much of an error body is kept for the error; the rest is never read. */
export const ERROR_BODY_BYTES = 64 * 1024;
/** How much of an undeclared 2xx body is read to keep the connection; past it the body is cancelled. */
const DISCARD_BYTES = 64 * 1024;
const TIMED_OUT = Symbol("timed out");

/** One method per operation, named by its operationId, each with `withResponse` for the answer's status and headers. */
export function operationMethods(client: ClientContext, operations: Record<string, OperationSpec>): Record<string, unknown> {
  const methods: Record<string, unknown> = {};
  for (const op of Object.values(operations)) {
    const method = (params: unknown, callOptions?: CallOptions) => callOperation(client, op, params, callOptions, false);
    method.withResponse = (params: unknown, callOptions?: CallOptions) => callOperation(client, op, params, callOptions, true);
    methods[op.operationId] = method;
  }
  return methods;
}

/** A method call: its 2xx body, or with `withResponse`, the body with the answer's status and headers. */
export async function callOperation(client: ClientContext, op: OperationSpec, params: unknown, callOptions: CallOptions | undefined, withResponse: boolean) {
  const { settings } = client;
  const policy = callPolicy(settings, callOptions);
  const { path, query, body } = splitParams(op.operationId, op, params, settings.timeZone);
  const url = createFinalURL(op.path, { baseUrl: settings.baseUrl, params: { path, query }, querySerializer, pathSerializer: defaultPathSerializer });
  const headers = body === undefined ? (policy.headers ?? settings.headers) : (policy.jsonHeaders ?? settings.jsonHeaders);
  const outgoing: Outgoing = { url, method: op.method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  const answer = await sendRequest(client, op, policy, outgoing, { path, query });
  const data = result(op, policy, settings, answer);
  return withResponse ? ({ data, status: answer.status, headers: answer.headers, attempts: answer.attempts } satisfies ThuliumResponse<unknown>) : data;
}

/** The one branch between middleware and none, for the methods and `thulium.api` alike. */
export function sendRequest(client: ClientContext, target: Target, policy: CallPolicy, outgoing: Outgoing, params: PathAndQuery): Promise<Answer> {
  return client.middleware.length > 0 && client.runMiddleware
    ? client.runMiddleware(client, target, policy, outgoing, params)
    : send(client.settings, target, policy, outgoing);
}

/** Makes attempts until one gets an answer, or a failure, that is not retried; returns the answer with its body read. */
export async function send(settings: ClientSettings, target: Target, policy: CallPolicy, outgoing: Outgoing): Promise<Answer> {
  const { logger } = settings;
  for (let n = 1; ; n++) {
    const started = logger ? performance.now() : 0;
    const outcome = await attempt(settings, target, policy, outgoing, n);
    const retry = n <= policy.maxRetries && shouldRetry(target, outcome);
    const delay = retry ? retryDelayMs(n, outcome.answer?.headers.get("retry-after") ?? null) : undefined;
    if (logger) logAttempt(logger, target, n, started, outcome, delay);
    if (!retry) {
      if (outcome.failure) throw outcome.failure;
      return outcome.answer;
    }
    await sleep(delay as number, policy.signal, target.operationId);
  }
}

/** One attempt, aborted by its timer or by the caller; the timer runs until the answer is read. */
async function attempt(settings: ClientSettings, target: Target, policy: CallPolicy, outgoing: Outgoing, n: number): Promise<AttemptOutcome> {
  const callerSignal = policy.signal;
  const controller = new AbortController();
  let reading = false;
  // An in-flight socket keeps the process alive, not this timer.
  const timer = setTimeout(expire, policy.timeoutMs, controller);
  (timer as { unref?: () => void }).unref?.();
  try {
    if (callerSignal) {
      if (callerSignal.aborted) throw callerSignal.reason;
      follow(callerSignal, controller);
    }
    const { method, headers, body } = outgoing;
    const init = { method, headers, body, redirect: "manual", signal: controller.signal } as const;
    const response = await settings.fetch(outgoing.request ?? outgoing.url, policy.fetchOptions ? { ...policy.fetchOptions, ...init } : init);
    // Duck-typed: a `Response` of another realm or of npm undici is not an instance of this runtime's.
    if (typeof response?.status !== "number" || typeof response.headers?.get !== "function") {
      const got = response === null ? "null" : typeof response;
      const message = `${target.operationId}: the fetch option resolved to ${got}, not a Response`;
      return { failure: new ThuliumError(message, { operationId: target.operationId }), reading };
    }
    reading = true;
    return { answer: await readAnswer(response, target, policy, n) };
  } catch (err) {
    return { failure: failure(err, settings, target, policy, controller.signal, n, reading), reading };
  } finally {
    clearTimeout(timer);
    if (callerSignal) unfollow(callerSignal, controller);
  }
}

// Module-level, with its argument passed by setTimeout: no closure per attempt.
function expire(controller: AbortController): void {
  controller.abort(TIMED_OUT);
}

/**
 * Reads the body `target` needs from `response`, within the policy's limits:
 * a declared 2xx body up to `maxResponseBytes`, the head of an error body,
 * and no more of an undeclared body than it takes to keep the connection.
 */
export async function readAnswer(response: Response, target: Target, policy: CallPolicy, attempts: number): Promise<Answer> {
  const { status, statusText, headers } = response;
  let read: BoundedText & { undecodable?: UndecodableText } = { text: "", over: false };
  // An error body only feeds the error's message: shown as well as its bytes allow, rather than hide the status.
  if (!response.ok) read = await readText(response, ERROR_BODY_BYTES, "lenient");
  else if (target.jsonResponse && status !== 204) read = await readText(response, policy.maxResponseBytes, "strict").catch(undecodable);
  // The server has answered 2xx: a body the spec does not declare is dropped, even if it breaks off.
  else if (headers.get("content-length") !== "0") await readText(response, DISCARD_BYTES, "lenient").catch(() => undefined);
  return { status, statusText, headers, text: read.text, over: read.over, attempts, undecodable: read.undecodable };
}

/** A 2xx body that is not text in its charset: kept as what it is, for the answer's check to refuse (check/answer.ts). */
function undecodable(err: unknown): BoundedText & { undecodable: UndecodableText } {
  if (!(err instanceof UndecodableText)) throw err;
  return { text: "", over: false, undecodable: err };
}

/** What a failed attempt means: the caller aborted, it timed out, the app's own code failed, or the connection failed or broke off. */
function failure(err: unknown, settings: ClientSettings, target: Target, policy: CallPolicy, signal: AbortSignal, attempts: number, reading: boolean): Error {
  const { operationId } = target;
  if (err instanceof ThuliumError) return err;
  if (policy.signal?.aborted) return new ThuliumAbortError(operationId, policy.signal.reason);
  if (signal.reason === TIMED_OUT) return new ThuliumTimeoutError(operationId, policy.timeoutMs, attempts);
  const fault = reading ? undefined : settings.full?.appFault(err);
  if (fault)
    return new ThuliumError(`${operationId ?? "request"}: the fetch option refused the request: ${fault}`, {
      operationId,
      cause: err,
    });
  return new ThuliumConnectionError(operationId, attempts, err, reading ? "lost the answer while reading it" : undefined);
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
