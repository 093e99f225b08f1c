/**
 * The client's options and a call's options, checked and normalised once:
 * the client's when it is made, a call's when it starts. Everything after
 * reads the resulting `ClientSettings` and `CallPolicy`.
 */

import { checkSchema } from "../check/checker.js";
import { checkTimeZone, DEFAULT_TIME_ZONE } from "../check/dates.js";
import { ThuliumInputError } from "../errors/thulium-errors.js";
import { basicAuthorization, defaultUserAgent, HEADER_VALUE } from "../http/headers.js";
import type { CallPolicy, ThuliumLogger, ValidateResponses } from "../http/types.js";
import type { SchemaSpec } from "../operations/table.js";
import type { ThuliumTracing } from "./tracing.js";
import { VERSION } from "./version.js";

/**
 * The options of `createCoreClient`, which reads no environment variables (its bundles are for
 * runtimes that mostly have none): the credentials are required here. `logLevel` and `tracing` are
 * the full client's.
 */
export interface ThuliumCoreClientOptions extends Omit<ThuliumClientOptions, "logLevel" | "tracing"> {
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
  /**
   * Traces each call and each request it sends (retries included): `openTelemetryTracing()` of
   * `thulium-chat-client/opentelemetry`. `createThuliumClient` only.
   */
  tracing?: ThuliumTracing;
  /**
   * What is logged: `debug` every attempt, `warn` retries and response warnings, `error` failed calls, `off`
   * nothing. Given alone, it turns on a logger writing one line per event to stderr (the console where there
   * is no stderr). `createThuliumClient` defaults it to THULIUM_LOG, where the runtime has one.
   */
  logLevel?: "debug" | "info" | "warn" | "error" | "off";
  /** Sent with every request, over the client's own; `Authorization` and `Content-Type` are the client's and refused here. */
  headers?: Record<string, string>;
  /** Merged into the init of every `fetch` call, such as `{ dispatcher }` for a proxy; the client's own fields (method, headers, body, signal, redirect) are refused here. */
  fetchOptions?: ThuliumFetchOptions;
  /** Allows `http://` to a host that is not loopback. The password then crosses the network in clear. */
  allowInsecureHttp?: boolean;
  /** The `fetch` to send with; default the global one. Called as `fetch(url, init)`, or `fetch(request, init)` when middleware is in use. */
  fetch?: typeof fetch;
  /** IANA zone in which a `Date` given for a date parameter is written; default Europe/Warsaw. */
  timeZone?: string;
}

/** What `fetchOptions` may hold: any field of `fetch`'s init (and a runtime's own, such as Node's `dispatcher`) but those the client sets. */
export type ThuliumFetchOptions = Omit<RequestInit, "method" | "headers" | "body" | "signal" | "redirect" | "dispatcher"> & {
  /** Node's (undici's) dispatcher, such as npm undici's `ProxyAgent`: typed loosely, as Node's own and npm undici's types differ. */
  dispatcher?: unknown;
} & Record<string, unknown>;

/** Per call: override the client's policy, add headers, or cancel. */
export interface CallOptions {
  timeoutMs?: number;
  maxRetries?: number;
  maxResponseBytes?: number;
  validateResponses?: ValidateResponses;
  /** Cancels the call at once; nothing is retried after it. */
  signal?: AbortSignal;
  /** Sent with this call's requests, over the client's `headers` and its own (such as a correlation id); `Authorization` and `Content-Type` are refused. */
  headers?: Record<string, string>;
  /** Merged over the client's `fetchOptions` for this call's requests. */
  fetchOptions?: ThuliumFetchOptions;
}

/** The client's options once checked and normalised: what each of its calls reads. */
export interface ClientSettings {
  /** No trailing slash. */
  baseUrl: string;
  /** Sent with every request: the client's own, with the `headers` option over them. */
  headers: Readonly<Record<string, string>>;
  /** The same, for a request with a JSON body. */
  jsonHeaders: Readonly<Record<string, string>>;
  /** The policy of a call given no options. */
  policy: CallPolicy;
  logger: ThuliumLogger | undefined;
  fetch: typeof fetch;
  timeZone: string;
  /** What `createThuliumClient` brings to its calls; undefined for `createCoreClient`'s. */
  full: FullClient | undefined;
}

/** The policy of a call given no options; its keys are the call options. */
const DEFAULT_POLICY: CallPolicy = {
  timeoutMs: 30_000,
  maxRetries: 2,
  maxResponseBytes: 2 * 1024 * 1024,
  validateResponses: "warn",
  signal: null,
  headers: undefined,
  jsonHeaders: undefined,
  fetchOptions: undefined,
};
const whole = (minimum: number, maximum: number): SchemaSpec => ({ type: "integer", minimum, maximum });
/** What each policy option may be, checked by the same checker as the parameters. */
const POLICY_SCHEMAS: Record<string, SchemaSpec> = {
  timeoutMs: whole(1, 2_147_483_647),
  maxRetries: whole(0, 10),
  // 256 MiB at most: twice that could not be held as one string.
  maxResponseBytes: whole(1, 2 ** 28),
  validateResponses: { enum: ["warn", "throw", "off"] },
};
const CORE_CALL_OPTIONS = [...Object.keys(POLICY_SCHEMAS), "signal"];
/** The call options of `createThuliumClient`: the core's and its own (src/client/production-options.ts). */
export const CALL_OPTIONS: readonly string[] = /* @__PURE__ */ CORE_CALL_OPTIONS.concat("headers", "fetchOptions");
/** Every option of `createCoreClient`. */
const CORE_OPTIONS: readonly string[] = [
  ...Object.keys(POLICY_SCHEMAS),
  ..."system baseUrl username password acceptLanguage userAgent logger allowInsecureHttp fetch timeZone".split(" "),
];
/** Every option of `createThuliumClient`: the core's and its own; the README's options table names each (test/client/create-client.test.ts). */
export const CLIENT_OPTIONS: readonly string[] = /* @__PURE__ */ CORE_OPTIONS.concat("headers", "fetchOptions", "logLevel", "tracing");

const SYSTEM_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/**
 * What only `createThuliumClient` brings, kept out of `/core`'s bundles: its own options (`headers`,
 * `fetchOptions`, `logLevel`, `tracing`) and the diagnosis of an app's mistakes. `defaults` fills in what the options leave out (the environment
 * variables, the logger of `logLevel`), after the option names are checked, so that a mistyped one is named
 * first; `suggest` names the option a mistyped one most likely meant; `extend` adds the client's `headers` and
 * `fetchOptions` to its settings, and `call` a call's to its policy; `appFault` tells a `fetch` that refused
 * its arguments from a network failure.
 */
export interface FullClient {
  /** The options it takes: `CLIENT_OPTIONS`, and a call's: `CALL_OPTIONS`. */
  readonly options: readonly string[];
  readonly callOptions: readonly string[];
  defaults(options: ThuliumClientOptions): ThuliumClientOptions;
  suggest(given: string, known: readonly string[]): string | undefined;
  extend(settings: ClientSettings, options: ThuliumClientOptions): ClientSettings;
  call(settings: ClientSettings, policy: CallPolicy, callOptions: CallOptions): CallPolicy;
  appFault(error: unknown): string | undefined;
}

/** The settings of a client made with `given`: by `createThuliumClient` with `full`, by `createCoreClient` without. */
export function normalizeOptions(given: ThuliumClientOptions, full?: FullClient): ClientSettings {
  if (!given || typeof given !== "object") throw new ThuliumInputError("createThuliumClient needs an options object");
  // What only the full client takes (`headers`, `logLevel`, `tracing`, …) is an unknown option of `createCoreClient`.
  checkKeys(given, full?.options ?? CORE_OPTIONS, "createThuliumClient", full?.suggest);
  const options = full ? full.defaults(given) : given;
  const username = required(options, "username");
  if (username.includes(":")) throw new ThuliumInputError('username must not contain ":"', "username");
  const password = required(options, "password");
  const base = resolveBaseUrl(options);
  if (options.fetch !== undefined && typeof options.fetch !== "function") throw new ThuliumInputError("fetch must be a function", "fetch");
  const headers: Record<string, string> = {
    Authorization: basicAuthorization(username, password),
    Accept: "application/json",
    "User-Agent": checkHeader("userAgent", options.userAgent) ?? defaultUserAgent(VERSION),
  };
  const language = checkHeader("acceptLanguage", options.acceptLanguage);
  if (language !== undefined) headers["Accept-Language"] = language;
  const settings: ClientSettings = {
    baseUrl: base,
    headers,
    jsonHeaders: { ...headers, "Content-Type": "application/json" },
    policy: Object.freeze(applyPolicy(DEFAULT_POLICY, options)),
    logger: options.logger,
    full,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeZone: options.timeZone === undefined ? DEFAULT_TIME_ZONE : checkTimeZone(options.timeZone),
  };
  return full ? full.extend(settings, options) : settings;
}

function required(options: ThuliumClientOptions, name: "username" | "password"): string {
  const value = options[name];
  if (typeof value !== "string" || value === "") throw new ThuliumInputError(`${name} is required: pass a non-empty string`, name);
  // isWellFormed (ES2024, Node 20) is not in this project's ES2023 lib. Never echo the value: it may be the password.
  if (!(value as unknown as { isWellFormed(): boolean }).isWellFormed()) {
    throw new ThuliumInputError(`${name} holds a lone surrogate, which has no UTF-8 form; fix the string`, name);
  }
  return value;
}

/** The base URL calls go to, without a trailing slash: `https://<system>.thulium.com/api`, or `baseUrl` checked. The CLI's journal pins it. */
export function resolveBaseUrl({ system, baseUrl, allowInsecureHttp }: ThuliumClientOptions): string {
  const target = chooseTarget(system, baseUrl);
  if (target === "neither") throw new ThuliumInputError("system or baseUrl is required", "system");
  if (target === "both") throw new ThuliumInputError("pass system or baseUrl, not both", "baseUrl");
  if (target === "baseUrl") return checkBaseUrl(baseUrl, allowInsecureHttp === true);
  if (typeof system !== "string" || !SYSTEM_NAME.test(system)) {
    throw new ThuliumInputError(`system must be a Thulium system name, got ${JSON.stringify(system)}`, "system");
  }
  return `https://${system}.thulium.com/api`;
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
  const { full } = settings;
  checkKeys(callOptions, full?.callOptions ?? CORE_CALL_OPTIONS, "call options", full?.suggest);
  const signal = callOptions.signal;
  if (signal !== undefined && typeof (signal as AbortSignal | null)?.addEventListener !== "function")
    throw new ThuliumInputError("signal must be an AbortSignal", "signal");
  const policy = applyPolicy({ ...settings.policy, signal: signal ?? null }, callOptions);
  return full ? full.call(settings, policy, callOptions) : policy;
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
function checkKeys(given: object, known: readonly string[], where: string, suggest: FullClient["suggest"] | undefined): void {
  for (const key of Object.keys(given)) {
    if (known.includes(key)) continue;
    const near = suggest?.(key, known);
    throw new ThuliumInputError(`${where}: unknown option "${key}"${near ? `; did you mean "${near}"?` : ""} (options: ${known.join(", ")})`, key);
  }
}

/** A header option's value, checked so that a bad one fails here and not on every call as a "connection error". */
export function checkHeader(name: string, value: unknown): string | undefined {
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
