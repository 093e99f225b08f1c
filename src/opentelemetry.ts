/**
 * `thulium-chat-client/opentelemetry`: tracing of the client on OpenTelemetry,
 * `createThuliumClient({ tracing: openTelemetryTracing() })`. A span per call
 * and one HTTP client span per request it sends, retries included, the trace
 * context sent in each request's headers. @opentelemetry/api is an optional
 * peer dependency: only this entry imports it (its code is in src/tracing/).
 */
export type { ThuliumTracing, TracedCall, TracedIO } from "./client/tracing.js";
export { type OpenTelemetryTracingOptions, openTelemetryTracing } from "./tracing/open-telemetry.js";
