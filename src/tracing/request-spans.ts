/**
 * One HTTP client span per request sent, under its call's span, as
 * OpenTelemetry's HTTP client conventions have it: started by the client's
 * `fetch` (which sends with it active, its trace context in the headers),
 * ended by the logger's event of its attempt, once the answer is read or the
 * attempt failed. The call is found in the active context, which `traceCall`
 * sets: without a context manager there is none, and no request span.
 */
import {
  type Attributes,
  type Context,
  context,
  createContextKey,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import type { TracedCall } from "../client/tracing.js";
import type { AttemptEvent } from "../http/types.js";
import { fetchErrorType, OTHER } from "./error-type.js";

/** A call being traced: its span, and the request in flight. */
export interface CallTrace {
  readonly call: TracedCall;
  /** Requests sent so far. */
  sent: number;
  request: RequestTrace | undefined;
}

interface RequestTrace {
  readonly span: Span;
  /** The attempt's own signal, which its timer or the caller aborts. */
  readonly signal: AbortSignal | null | undefined;
  /** The status `fetch` resolved with, when the answer then broke off while read. */
  status?: number;
  /** What `fetch` rejected with. */
  failure?: unknown;
}

/** Where `traceCall` puts the call in the context it runs in. */
export const CALL_KEY = createContextKey("thulium-chat-client call");

export function activeCall(): CallTrace | undefined {
  return context.active().getValue(CALL_KEY) as CallTrace | undefined;
}

/** `fetch`, each request it sends for a traced call under a span of its own. */
export function tracedFetch(tracer: Tracer, fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const parent = context.active();
    const state = parent.getValue(CALL_KEY) as CallTrace | undefined;
    if (!state) return fetch(input, init);
    // Only a fetch the app's own code made inside the call (its middleware, with `options.fetch`) finds one
    // still open: it counts as one of the call's requests.
    if (state.request) endRequest(state, {});
    const { method, path } = state.call;
    const attributes: Attributes = { "http.request.method": method, ...serverOf(input), "http.request.resend_count": state.sent++ };
    if (path !== undefined) attributes["url.template"] = path;
    const span = tracer.startSpan(path === undefined ? method : `${method} ${path}`, { kind: SpanKind.CLIENT, attributes }, parent);
    const request: RequestTrace = { span, signal: init?.signal };
    state.request = request;
    const active = trace.setSpan(parent, span);
    const headers = withTraceContext(active, init?.headers);
    try {
      const response = await context.with(active, () => fetch(input, headers === init?.headers ? init : { ...init, headers }));
      request.status = response?.status;
      return response;
    } catch (error) {
      request.failure = error;
      throw error;
    }
  };
}

/** Ends the request span of the attempt `event` reports; a response warning is not an attempt. */
export function endAttempt(event: AttemptEvent): void {
  const state = event.responseProblem === undefined ? activeCall() : undefined;
  if (state?.request) endRequest(state, event);
}

/** Ends the call's request span with its attempt's outcome: the status, else why no answer was read. */
export function endRequest(state: CallTrace, event: Partial<AttemptEvent>): void {
  const request = state.request as RequestTrace;
  state.request = undefined;
  const { span } = request;
  const status = event.status ?? request.status;
  if (status !== undefined) span.setAttribute("http.response.status_code", status);
  if (event.requestId !== undefined) span.setAttribute("thulium.request_id", event.requestId);
  const type = event.status !== undefined ? (event.status >= 400 ? String(event.status) : undefined) : failureType(state, request, event);
  if (type !== undefined) {
    span.setAttribute("error.type", type);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/**
 * Why an attempt got no answer it could read: aborted (by the caller, else by its timer), the transport's
 * failure, or the answer broken off while read (the only other failure after `fetch` resolves).
 */
function failureType(state: CallTrace, request: RequestTrace, event: Partial<AttemptEvent>): string | undefined {
  if (event.error === undefined) return undefined;
  if (request.signal?.aborted) return state.call.signal?.aborted ? "ThuliumAbortError" : "timeout";
  if (request.failure !== undefined) return fetchErrorType(request.failure);
  return request.status === undefined ? OTHER : "ThuliumConnectionError";
}

/** `server.address` and `server.port` of the request's URL; never its path or query, which hold ids. */
function serverOf(input: string | URL | Request): Attributes {
  const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  if (!URL.canParse(href)) return {};
  const { hostname, port, protocol } = new URL(href);
  return { "server.address": hostname.replace(/^\[(.*)\]$/, "$1"), "server.port": port === "" ? (protocol === "https:" ? 443 : 80) : Number(port) };
}

/** `headers` with the trace context of `active` (W3C `traceparent`, with the app's propagator) over any of those names. */
function withTraceContext(active: Context, headers: RequestInit["headers"]): RequestInit["headers"] {
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  const names = new Set(Object.keys(carrier).map((name) => name.toLowerCase()));
  if (names.size === 0) return headers;
  if (headers instanceof Headers || Array.isArray(headers)) {
    const merged = new Headers(headers);
    for (const [name, value] of Object.entries(carrier)) merged.set(name, value);
    return merged;
  }
  // A plain record, as the client gives `fetch`: kept one, so that a `fetch` of another realm takes it too.
  const own = Object.entries(headers ?? {}).filter(([name]) => !names.has(name.toLowerCase()));
  return { ...Object.fromEntries(own), ...carrier };
}
