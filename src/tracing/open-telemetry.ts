/**
 * `openTelemetryTracing()`: the client's `tracing` on OpenTelemetry. A span per
 * call, named by its operationId, and under it one HTTP client span per request
 * sent, retries included (request-spans.ts). Nothing of a call's parameters,
 * headers or credentials goes into a span: the path template, never the URL.
 */
import { context, type Span, SpanKind, SpanStatusCode, type TracerProvider, trace } from "@opentelemetry/api";
import type { ThuliumTracing } from "../client/tracing.js";
import { VERSION } from "../client/version.js";
import { ThuliumError } from "../errors/thulium-errors.js";
import type { AttemptEvent, ThuliumLogger } from "../http/types.js";
import { errorType } from "./error-type.js";
import { CALL_KEY, type CallTrace, endAttempt, endRequest, tracedFetch } from "./request-spans.js";

/** The options of `openTelemetryTracing`. */
export interface OpenTelemetryTracingOptions {
  /** Where the spans go; default the global one, which the OpenTelemetry SDK registers (and which may be registered later). */
  tracerProvider?: TracerProvider;
}

/**
 * Tracing for `createThuliumClient({ tracing: openTelemetryTracing() })`. The request spans are found
 * under their call through the active context: they need a context manager (the Node SDK registers one,
 * on AsyncLocalStorage); without one, each call still gets its span.
 */
export function openTelemetryTracing(options: OpenTelemetryTracingOptions = {}): ThuliumTracing {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer("thulium-chat-client", VERSION);
  return {
    async traceCall(call, run) {
      const span = tracer.startSpan(call.operationId ?? call.method, { kind: SpanKind.INTERNAL });
      const state: CallTrace = { call, sent: 0, request: undefined };
      try {
        const result = await context.with(trace.setSpan(context.active(), span).setValue(CALL_KEY, state), run);
        // `thulium.api` resolves to the answer, an error answer included.
        if (typeof Response === "function" && result instanceof Response && result.status >= 400) failed(span, String(result.status));
        return result;
      } catch (error) {
        const requestId = error instanceof ThuliumError ? (error as { requestId?: unknown }).requestId : undefined;
        failed(span, errorType(error), typeof requestId === "string" ? requestId : undefined);
        throw error;
      } finally {
        if (state.request) endRequest(state, {});
        span.end();
      }
    },
    traceRequests({ fetch, logger }) {
      const level =
        (name: keyof ThuliumLogger) =>
        (event: AttemptEvent, message: string): void => {
          try {
            endAttempt(event);
          } catch {
            // The call goes on as if it had not been traced.
          }
          // Without a logger of the app's, a response warning goes where the client would send it: console.warn.
          if (logger) logger[name](event, message);
          else if (event.responseProblem !== undefined) console.warn(message);
        };
      return { fetch: tracedFetch(tracer, fetch), logger: { debug: level("debug"), info: level("info"), warn: level("warn"), error: level("error") } };
    },
  };
}

function failed(span: Span, type: string, requestId?: string): void {
  span.setAttribute("error.type", type);
  if (requestId !== undefined) span.setAttribute("thulium.request_id", requestId);
  span.setStatus({ code: SpanStatusCode.ERROR });
}
