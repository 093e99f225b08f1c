/**
 * OpenTelemetry's `error.type` of a failed call or request: a few values, never
 * a message (which can hold ids or the server's text). The status as a string
 * for an error answer; `timeout`; the transport's code (`ECONNREFUSED`); else
 * the error's class name.
 */
import { rootCause } from "../errors/root-cause.js";
import { ThuliumApiError, ThuliumConnectionError, ThuliumTimeoutError } from "../errors/thulium-errors.js";

/** semconv's value where nothing better is known. */
export const OTHER = "_OTHER";
/** A code or a class name, as they are spelt; anything else is not used as one. */
const NAME = /^[A-Za-z_$][\w$.-]{0,63}$/;

/** Of what a call threw. */
export function errorType(error: unknown): string {
  if (error instanceof ThuliumApiError) return String(error.status);
  if (error instanceof ThuliumTimeoutError) return "timeout";
  if (error instanceof ThuliumConnectionError) return codeOf(rootCause(error.cause)) ?? error.name;
  return nameOf(error);
}

/** Of what `fetch` rejected with, when not aborted: its cause's code, else its class name. */
export function fetchErrorType(error: unknown): string {
  return codeOf(rootCause(error)) ?? nameOf(error);
}

/** A transport error's code; Node's connect to several addresses fails with an AggregateError of them. */
function codeOf(error: unknown): string | undefined {
  const { code, errors } = (error ?? {}) as { code?: unknown; errors?: unknown };
  if (typeof code === "string" && NAME.test(code)) return code;
  return Array.isArray(errors) && errors.length > 0 ? codeOf(errors[0]) : undefined;
}

function nameOf(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === "string" && NAME.test(name) ? name : OTHER;
}
