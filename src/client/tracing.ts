/**
 * What the `tracing` option of `createThuliumClient` is: a tracer of the
 * client's calls and of the requests each sends. Types only, naming no tracing
 * library: `openTelemetryTracing()` (src/opentelemetry.ts) makes one on
 * OpenTelemetry; with-tracing.ts applies it.
 */
import type { ThuliumLogger } from "../http/types.js";

/** A tracer of the client's calls and of the requests each sends: `openTelemetryTracing()` of `thulium-chat-client/opentelemetry` makes one. */
export interface ThuliumTracing {
  /**
   * Runs one call, a method's or a `thulium.api` request's, under its span. `run`'s `Response` (which a
   * `thulium.api` request resolves to) with a status of 400 or more is a failed call.
   */
  traceCall<T>(call: TracedCall, run: () => Promise<T>): Promise<T>;
  /**
   * The `fetch` and logger the client uses instead of `io`'s: each request sent through the `fetch` gets a
   * span of its own, which the logger's event of that attempt ends (once its answer is read, or the attempt
   * failed); every event goes on to `io.logger`.
   */
  traceRequests(io: TracedIO): Required<TracedIO>;
}

/** A call, as its span names it: never its parameters, which hold ids. */
export interface TracedCall {
  /** The operation called; undefined for a `thulium.api` route the spec does not have. */
  readonly operationId: string | undefined;
  /** The HTTP method, such as `POST`. */
  readonly method: string;
  /** The path template, such as `/chat_conversations/{id}/stop`; undefined for a route the spec does not have. */
  readonly path: string | undefined;
  /** The caller's signal, if any: its abort is told apart from a timeout. */
  readonly signal: AbortSignal | null | undefined;
}

/** What a client sends and logs with. */
export interface TracedIO {
  /** Called as `fetch(url, init)`, or `fetch(request, init)` with middleware and under `thulium.api`, once per request sent. */
  fetch: typeof fetch;
  /** Called once per attempt, after its answer is read or it failed, and with response warnings. */
  logger?: ThuliumLogger | undefined;
}
