/**
 * A `fetch` that failed for a reason of the app's own making: an argument it
 * cannot take, an invalid URL, a header it refuses. Not a network failure:
 * sending it again would fail the same way, so it is never retried.
 */
import { rootCause } from "../errors/root-cause.js";
import { printableLine } from "../text/printable-line.js";

/** Codes Node and undici give to a bad argument (ERR_INVALID_URL, ERR_INVALID_ARG_TYPE, …); network failures have none of them. */
const ARGUMENT_CODES = /^ERR_INVALID_|^UND_ERR_INVALID_ARG$/;
/** What the Fetch standard's own argument checks say, on any runtime. */
const ARGUMENT_MESSAGES = /^Failed to parse URL|^Invalid URL|cannot have body|invalid header|not a valid HTTP method/i;

/** Why the app's `fetch` refused the request, as one short line; undefined for any other failure. */
export function appFault(error: unknown): string | undefined {
  for (const e of [error, rootCause(error)]) {
    const code = (e as { code?: unknown } | null)?.code;
    const message = (e as Error | null)?.message;
    if (ARGUMENT_CODES.test(String(code)) || ARGUMENT_MESSAGES.test(String(message))) return printableLine(`${code ?? ""} ${message}`, 300);
  }
  return undefined;
}
