/**
 * `headers` and `fetchOptions`, of the client and of a call: checked, and
 * merged over the client's own, for `createThuliumClient` (a `/core` client
 * takes neither, to stay small). What the client must own cannot be replaced
 * by accident: the `Authorization` and `Content-Type` headers, and the init
 * fields it sets itself.
 */
import { ThuliumInputError } from "../errors/thulium-errors.js";
import { OWN_HEADERS, withHeaders } from "../http/headers.js";
import type { CallPolicy } from "../http/types.js";
import { type CallOptions, type ClientSettings, checkHeader, type ThuliumClientOptions } from "./options.js";

/** Fields of `fetch`'s init the client sets itself: `fetchOptions` cannot replace them. */
const OWN_INIT = ["method", "headers", "body", "signal", "redirect"];

/** `settings` with the client's `headers` over its own, and its `fetchOptions` as every call's. */
export function withClientExtras(settings: ClientSettings, options: ThuliumClientOptions): ClientSettings {
  const added = checkHeaders(options.headers, "headers");
  const fetchOptions = checkFetchOptions(options.fetchOptions, undefined);
  return {
    ...settings,
    headers: withHeaders(settings.headers, added),
    jsonHeaders: withHeaders(settings.jsonHeaders, added),
    policy: Object.freeze({ ...settings.policy, fetchOptions }),
  };
}

/** `policy` with a call's `headers` over the client's, and its `fetchOptions` over the client's. */
export function withCallExtras(settings: ClientSettings, policy: CallPolicy, callOptions: CallOptions): CallPolicy {
  const added = checkHeaders(callOptions.headers, "headers");
  const fetchOptions = checkFetchOptions(callOptions.fetchOptions, policy.fetchOptions);
  if (added === undefined && fetchOptions === policy.fetchOptions) return policy;
  const headers = added && { headers: withHeaders(settings.headers, added), jsonHeaders: withHeaders(settings.jsonHeaders, added) };
  return { ...policy, ...headers, fetchOptions };
}

/**
 * `headers` as given to the client or a call: values fetch sends as they are, none of the client's own.
 * A name fetch refuses fails the call before anything is sent (request.ts), never retried.
 */
function checkHeaders(given: unknown, option: string): Record<string, string> | undefined {
  const headers = ownFree(given, option, OWN_HEADERS, (name) => name.toLowerCase());
  for (const name in headers) checkHeader(`${option}.${name}`, headers[name]);
  return headers as Record<string, string> | undefined;
}

/** `fetchOptions` over those it extends, none of the init fields the client sets itself. */
function checkFetchOptions(given: unknown, base: Readonly<Record<string, unknown>> | undefined): Readonly<Record<string, unknown>> | undefined {
  return given === undefined ? base : Object.freeze({ ...base, ...ownFree(given, "fetchOptions", OWN_INIT) });
}

/** An object option, refused when it is not one or when it holds a key the client sets itself (as `own` names it). */
function ownFree(given: unknown, option: string, own: readonly string[], key = (k: string) => k): Record<string, unknown> | undefined {
  if (given === undefined) return undefined;
  if (!given || typeof given !== "object" || Array.isArray(given) || given instanceof Headers) {
    throw new ThuliumInputError(`${option} must be a plain object, such as { "X-Correlation-Id": "abc" } or { dispatcher }`, option);
  }
  for (const k in given) if (own.includes(key(k))) throw new ThuliumInputError(`${option}.${k} is the client's own and cannot be set here`, option);
  return given as Record<string, unknown>;
}
