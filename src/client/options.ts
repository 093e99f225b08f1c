/**
 * The client's options and a call's options, checked and normalised once:
 * the client's when it is made, a call's when it starts. Everything after
 * reads the resulting `ClientSettings` and `CallPolicy`.
 */

import { checkSchema } from "../check/checker.js";
import { checkTimeZone, DEFAULT_TIME_ZONE } from "../check/dates.js";
import { ThuliumInputError } from "../errors/thulium-errors.js";
import { basicAuthorization, defaultUserAgent } from "../http/headers.js";
import type { CallPolicy, ThuliumLogger, ValidateResponses } from "../http/types.js";
import type { SchemaSpec } from "../operations/table.js";
import { nearestName } from "../text/nearest-name.js";
import { VERSION } from "./version.js";

/**
 * The options of `createCoreClient`, which reads no environment variables (its bundles are for
 * runtimes that mostly have none): the credentials are required here.
 */
export interface ThuliumCoreClientOptions extends ThuliumClientOptions {
  username: string;
  password: string;
}

export interface ThuliumClientOptions {
  /** The Thulium system name: calls go to `https://<system>.thulium.com/api`. */
  system?: string;
  /** Instead of `system`: the API's base URL, e.g. a mock server's. */
  baseUrl?: string;
  /** Login of a Thulium API user; `createThuliumClient` defaults it to THULIUM_USER, where the runtime has one. */
  username?: string;
  /** `createThuliumClient` defaults it to THULIUM_PASSWORD, where the runtime has one. */
  password?: string;
  /** Language of Thulium's error messages: `en` (Thulium's default) or `pl`. */
  acceptLanguage?: string;
  /** Sent as `User-Agent`; default `thulium-chat-client/<version> <runtime>/<version>`, e.g. `node/22.12.0` or `bun/1.2.0`. */
  userAgent?: string;
  /** Per attempt, until the whole answer is read. Default 30 000, as in Thulium's samples. */
  timeoutMs?: number;
  /** Retries after the first attempt, for what the spec marks safe to repeat. Default 2. */
  maxRetries?: number;
  /**
   * The largest 2xx body read, after decompression; a larger one fails the call. Default 2 MiB: parsed, a
   * body can hold up to about 21 times its size in memory (JSON of empty objects), so one answer stays
   * under about 64 MB. Raise it per call for an answer known to be larger.
   */
  maxResponseBytes?: number;
  /** Checks each 2xx body against the spec. Default `"warn"`. */
  validateResponses?: ValidateResponses;
  /** Receives one event per attempt, and response warnings; never a header or the password. */
  logger?: ThuliumLogger;
  /** Allows `http://` to a host that is not loopback. The password then crosses the network in clear. */
  allowInsecureHttp?: boolean;
  /** The `fetch` to send with; default the global one. Called as `fetch(url, init)`, or `fetch(request, init)` when middleware is in use. */
  fetch?: typeof fetch;
  /** IANA zone in which a `Date` given for a date parameter is written; default Europe/Warsaw. */
  timeZone?: string;
}

/** Per call: override the client's policy, or cancel. */
export interface CallOptions {
  timeoutMs?: number;
  maxRetries?: number;
  maxResponseBytes?: number;
  validateResponses?: ValidateResponses;
  /** Cancels the call at once; nothing is retried after it. */
  signal?: AbortSignal;
}

/** The client's options once checked and normalised: what each of its calls reads. */
export interface ClientSettings {
  /** No trailing slash. */
  baseUrl: string;
  /** Sent with every request. */
  headers: Record<string, string>;
  /** The same, for a request with a JSON body. */
  jsonHeaders: Record<string, string>;
  /** The policy of a call given no options. */
  policy: CallPolicy;
  logger: ThuliumLogger | undefined;
  fetch: typeof fetch;
  timeZone: string;
}

/** The policy of a call given no options; its keys are the call options. */
const DEFAULT_POLICY: CallPolicy = { timeoutMs: 30_000, maxRetries: 2, maxResponseBytes: 2 * 1024 * 1024, validateResponses: "warn", signal: null };
const whole = (minimum: number, maximum: number): SchemaSpec => ({ type: "integer", minimum, maximum });
/** What each policy option may be, checked by the same checker as the parameters. */
const POLICY_SCHEMAS: Record<string, SchemaSpec> = {
  timeoutMs: whole(1, 2_147_483_647),
  maxRetries: whole(0, 10),
  // 256 MiB at most: twice that could not be held as one string.
  maxResponseBytes: whole(1, 2 ** 28),
  validateResponses: { enum: ["warn", "throw", "off"] },
};
const CALL_OPTIONS = Object.keys(DEFAULT_POLICY);
/** Every option of `createThuliumClient`; the README's options table names each (test/client/create-client.test.ts). */
export const CLIENT_OPTIONS: readonly string[] = [
  ...Object.keys(POLICY_SCHEMAS),
  ..."system baseUrl username password acceptLanguage userAgent logger allowInsecureHttp fetch timeZone".split(" "),
];

const SYSTEM_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
// A header value fetch sends as it is: visible ASCII and Latin-1, spaces and tabs inside.
const HEADER_VALUE = /^[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?$/;

/**
 * The settings of a client made with `given`. `defaults` fills in what `given` leaves out (the main
 * entry's environment variables), after the option names are checked, so that a mistyped one is named first.
 */
export function normalizeOptions(given: ThuliumClientOptions, defaults?: (options: ThuliumClientOptions) => ThuliumClientOptions): ClientSettings {
  if (!given || typeof given !== "object") throw new ThuliumInputError("createThuliumClient needs an options object");
  checkKeys(given, CLIENT_OPTIONS, "createThuliumClient");
  const options = defaults ? defaults(given) : given;
  const { system, baseUrl } = options;
  const username = required(options, "username");
  if (username.includes(":")) throw new ThuliumInputError('username must not contain ":"', "username");
  const password = required(options, "password");
  const target = chooseTarget(system, baseUrl);
  if (target === "neither") throw new ThuliumInputError("system or baseUrl is required", "system");
  if (target === "both") throw new ThuliumInputError("pass system or baseUrl, not both", "baseUrl");
  let base: string;
  if (target === "system") {
    if (typeof system !== "string" || !SYSTEM_NAME.test(system)) {
      throw new ThuliumInputError(`system must be a Thulium system name, got ${JSON.stringify(system)}`, "system");
    }
    base = `https://${system}.thulium.com/api`;
  } else {
    base = checkBaseUrl(baseUrl, options.allowInsecureHttp === true);
  }
  if (options.fetch !== undefined && typeof options.fetch !== "function") throw new ThuliumInputError("fetch must be a function", "fetch");
  const headers: Record<string, string> = {
    Authorization: basicAuthorization(username, password),
    Accept: "application/json",
    "User-Agent": checkHeader("userAgent", options.userAgent) ?? defaultUserAgent(VERSION),
  };
  const language = checkHeader("acceptLanguage", options.acceptLanguage);
  if (language !== undefined) headers["Accept-Language"] = language;
  return {
    baseUrl: base,
    headers,
    jsonHeaders: { ...headers, "Content-Type": "application/json" },
    policy: Object.freeze(applyPolicy(DEFAULT_POLICY, options)),
    logger: options.logger,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeZone: options.timeZone === undefined ? DEFAULT_TIME_ZONE : checkTimeZone(options.timeZone),
  };
}

function required(options: ThuliumClientOptions, name: "username" | "password"): string {
  const value = options[name];
  if (typeof value !== "string" || value === "") throw new ThuliumInputError(`${name} is required: pass a non-empty string`, name);
  // isWellFormed (ES2024, Node 20) is not in this project's ES2023 lib. Never echo the value: it may be the password.
  if (!(value as unknown as { isWellFormed(): boolean }).isWellFormed()) {
    throw new ThuliumInputError(
      `${name} holds a lone surrogate (half of a UTF-16 pair), which has no UTF-8 form and would be sent as U+FFFD; fix the string`,
      name,
    );
  }
  return value;
}

/** Where calls go: to a Thulium system or to a base URL, exactly one of them. The CLI decides with it too. */
export function chooseTarget(system: unknown, baseUrl: unknown): "system" | "baseUrl" | "neither" | "both" {
  if (system === undefined) return baseUrl === undefined ? "neither" : "baseUrl";
  return baseUrl === undefined ? "system" : "both";
}

/** The policy of one call; the client's own when the call has no options. */
export function callPolicy(settings: ClientSettings, callOptions: CallOptions | undefined): CallPolicy {
  if (callOptions === undefined) return settings.policy;
  if (callOptions === null || typeof callOptions !== "object") {
    throw new ThuliumInputError(`call options must be an object, got ${callOptions === null ? "null" : typeof callOptions}`);
  }
  checkKeys(callOptions, CALL_OPTIONS, "call options");
  const signal = callOptions.signal;
  if (signal !== undefined && typeof (signal as AbortSignal | null)?.addEventListener !== "function")
    throw new ThuliumInputError("signal must be an AbortSignal", "signal");
  return applyPolicy({ ...settings.policy, signal: signal ?? null }, callOptions);
}

function applyPolicy(base: CallPolicy, given: CallOptions): CallPolicy {
  const policy: Record<string, unknown> = { ...base };
  for (const name in POLICY_SCHEMAS) {
    const value = given[name as keyof CallOptions];
    if (value === undefined) continue;
    const problem = checkSchema(value, POLICY_SCHEMAS[name] as SchemaSpec);
    if (problem) throw new ThuliumInputError(`${name} ${problem}`, name);
    policy[name] = value;
  }
  return policy as unknown as CallPolicy;
}

/** Refuses a key that is not an option, naming the nearest one: a mistyped option must not be ignored. */
function checkKeys(given: object, known: readonly string[], where: string): void {
  for (const key of Object.keys(given)) {
    if (known.includes(key)) continue;
    const near = nearestName(key, known);
    throw new ThuliumInputError(`${where}: unknown option "${key}"${near ? `; did you mean "${near}"?` : ""} (options: ${known.join(", ")})`, key);
  }
}

/** A header option's value, checked so that a bad one fails here and not on every call as a "connection error". */
function checkHeader(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !HEADER_VALUE.test(value)) {
    throw new ThuliumInputError(`${name} must be a valid HTTP header value: printable, on one line, not padded with spaces`, name);
  }
  return value;
}

function checkBaseUrl(baseUrl: unknown, allowInsecureHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch {
    throw new ThuliumInputError("baseUrl is not a valid URL", "baseUrl");
  }
  // Never echo the URL: it may hold a password.
  if (url.username || url.password) throw new ThuliumInputError("baseUrl must not contain credentials", "baseUrl");
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ThuliumInputError(`baseUrl must be http or https, got ${url.protocol}`, "baseUrl");
  if (url.search || url.hash) throw new ThuliumInputError("baseUrl must not have a query or fragment", "baseUrl");
  refuseOutsideApi(url);
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopback(url.hostname)) {
    throw new ThuliumInputError(
      `baseUrl uses http:// to ${url.hostname}, which would send the password in clear; use https://, or pass allowInsecureHttp: true`,
      "baseUrl",
    );
  }
  return url.href.replace(/\/+$/, "");
}

/**
 * A Thulium host serves its API under /api only: a baseUrl elsewhere on it (`https://acme.thulium.com`)
 * would send every call, and the password, to pages that are not the API. Refused rather than warned
 * of, since no call could succeed and a warning goes only where a logger is set.
 */
function refuseOutsideApi(url: URL): void {
  const thulium = url.hostname === "thulium.com" || url.hostname.endsWith(".thulium.com");
  if (!thulium || /^\/api(?:\/|$)/.test(url.pathname)) return;
  const system = /^([a-z0-9-]+)\.thulium\.com$/.exec(url.hostname)?.[1];
  throw new ThuliumInputError(
    `baseUrl ${url.origin}${url.pathname === "/" ? "" : url.pathname} is not Thulium's API, which is under /api: ` +
      `pass baseUrl "${url.origin}/api"${system === undefined ? "" : `, or system "${system}"`}`,
    "baseUrl",
  );
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
