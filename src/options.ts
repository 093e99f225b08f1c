/**
 * The client's options, checked and normalised once, when the client is
 * made; every call then reads the resulting `Settings`.
 */
import { checkTimeZone, DEFAULT_TIME_ZONE } from "./dates.js";
import { ThuliumInputError } from "./errors.js";
import { basicAuthorization, defaultUserAgent } from "./runtime.js";
import type { ThuliumLogger } from "./transport.js";
import { VERSION } from "./version.js";

export interface ThuliumClientOptions {
  /** The Thulium system name: calls go to `https://<system>.thulium.com/api`. */
  system?: string;
  /** Instead of `system`: the API's base URL, e.g. a mock server's. */
  baseUrl?: string;
  /** Login of a Thulium API user. */
  username: string;
  password: string;
  /** Language of Thulium's error messages: `en` (Thulium's default) or `pl`. */
  acceptLanguage?: string;
  /** Sent as `User-Agent`; default `thulium-chat-client/<version> <runtime>/<version>`, e.g. `node/22.12.0` or `bun/1.2.0`. */
  userAgent?: string;
  /** Per attempt, until the whole answer is read. Default 30 000, as in Thulium's samples. */
  timeoutMs?: number;
  /** Retries after the first attempt, for what the spec marks safe to repeat. Default 2. */
  maxRetries?: number;
  /** Receives one event per attempt; never a header or the password. */
  logger?: ThuliumLogger;
  /** Allows `http://` to a host that is not loopback. The password then crosses the network in clear. */
  allowInsecureHttp?: boolean;
  /**
   * The `fetch` to send with; default the global one. Methods call it as `fetch(url, init)`;
   * calls on `client.api` as `fetch(request, init)`.
   */
  fetch?: typeof fetch;
  /** IANA zone in which a `Date` given for a date parameter is written; default Europe/Warsaw. */
  timeZone?: string;
}

/** Per call: override the client's timeout and retries, or cancel. */
export interface CallOptions {
  timeoutMs?: number;
  maxRetries?: number;
  /** Cancels the call at once; nothing is retried after it. */
  signal?: AbortSignal;
}

export interface Settings {
  /** No trailing slash. */
  baseUrl: string;
  /** Sent with every request. */
  headers: Record<string, string>;
  /** The same, for a request with a JSON body. */
  jsonHeaders: Record<string, string>;
  timeoutMs: number;
  maxRetries: number;
  logger: ThuliumLogger | undefined;
  fetch: typeof fetch;
  timeZone: string;
}

const SYSTEM_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 2;

export function normalizeOptions(options: ThuliumClientOptions): Settings {
  if (!options || typeof options !== "object") throw new ThuliumInputError("createThuliumClient needs an options object");
  const { system, baseUrl, username, password } = options;
  if (typeof username !== "string" || username === "") throw new ThuliumInputError("username is required", "username");
  if (username.includes(":")) throw new ThuliumInputError('username must not contain ":"', "username");
  if (typeof password !== "string" || password === "") throw new ThuliumInputError("password is required", "password");
  if (system === undefined && baseUrl === undefined) throw new ThuliumInputError("system or baseUrl is required", "system");
  if (system !== undefined && baseUrl !== undefined) throw new ThuliumInputError("pass system or baseUrl, not both", "baseUrl");
  let base: string;
  if (system !== undefined) {
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
    "User-Agent": options.userAgent ?? defaultUserAgent(VERSION),
  };
  if (options.acceptLanguage !== undefined) headers["Accept-Language"] = options.acceptLanguage;
  return {
    baseUrl: base,
    headers,
    jsonHeaders: { ...headers, "Content-Type": "application/json" },
    timeoutMs: checkTimeout(options.timeoutMs, DEFAULT_TIMEOUT_MS),
    maxRetries: checkRetries(options.maxRetries, DEFAULT_MAX_RETRIES),
    logger: options.logger,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeZone: options.timeZone === undefined ? DEFAULT_TIME_ZONE : checkTimeZone(options.timeZone),
  };
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
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopback(url.hostname)) {
    throw new ThuliumInputError(
      `baseUrl uses http:// to ${url.hostname}, which would send the password in clear; use https://, or pass allowInsecureHttp: true`,
      "baseUrl",
    );
  }
  return url.href.replace(/\/+$/, "");
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

export const checkTimeout = (value: unknown, fallback: number) => checkWhole("timeoutMs", value, fallback, 1, 2_147_483_647);
export const checkRetries = (value: unknown, fallback: number) => checkWhole("maxRetries", value, fallback, 0, 10);

/** `value` when it is a whole number from `min` to `max`; `fallback` when it is undefined. */
function checkWhole(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new ThuliumInputError(`${name} must be a whole number from ${min} to ${max}, got ${String(value)}`, name);
  }
  return value as number;
}
