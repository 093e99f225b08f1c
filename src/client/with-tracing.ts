/**
 * The `tracing` option applied by `createThuliumClient` (never by `/core`, which
 * refuses it): the tracer's `fetch` and logger in place of the client's, and
 * each method call run under its span (`thulium.api`'s: api-client.ts).
 */
import { ThuliumInputError } from "../errors/thulium-errors.js";
import type { OperationSpec } from "../operations/table.js";
import type { CallOptions, ThuliumClientOptions } from "./options.js";
import type { ThuliumTracing, TracedCall } from "./tracing.js";

/** `options` with its `tracing` applied to the `fetch` and the logger, and the tracer, once checked. */
export function withTracing(options: ThuliumClientOptions): { options: ThuliumClientOptions; tracing: ThuliumTracing | undefined } {
  const { tracing, ...rest } = options;
  if (tracing === undefined) return { options: rest, tracing };
  if (typeof tracing?.traceCall !== "function" || typeof tracing.traceRequests !== "function") {
    throw new ThuliumInputError("tracing must be what openTelemetryTracing() of thulium-chat-client/opentelemetry returns", "tracing");
  }
  // A `fetch` that is not a function is left for the client's own check to refuse.
  if (rest.fetch !== undefined && typeof rest.fetch !== "function") return { options: rest, tracing };
  const io = tracing.traceRequests({ fetch: rest.fetch ?? ((input, init) => globalThis.fetch(input, init)), logger: rest.logger });
  return { options: { ...rest, fetch: io.fetch, logger: io.logger }, tracing };
}

type Method = ((params: unknown, callOptions?: CallOptions) => Promise<unknown>) & { withResponse: Method };

/** The methods, each call (and each of `withResponse`) run under its span. */
export function traceMethods(methods: Record<string, unknown>, operations: Record<string, OperationSpec>, tracing: ThuliumTracing): Record<string, unknown> {
  const traced: Record<string, unknown> = {};
  for (const { operationId, method: verb, path } of Object.values(operations)) {
    const method = methods[operationId] as Method;
    const call = (callOptions: CallOptions | undefined): TracedCall => ({ operationId, method: verb, path, signal: callOptions?.signal });
    const run = (params: unknown, callOptions?: CallOptions) => tracing.traceCall(call(callOptions), () => method(params, callOptions));
    run.withResponse = (params: unknown, callOptions?: CallOptions) => tracing.traceCall(call(callOptions), () => method.withResponse(params, callOptions));
    traced[operationId] = run;
  }
  return traced;
}
