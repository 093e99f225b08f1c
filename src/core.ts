/**
 * The client core (`thulium-chat-client/core`): options are checked once
 * here; every operation passed in becomes a method that validates its params,
 * sends the request through openapi-fetch and the transport, and throws on
 * anything but 2xx. Only the operations passed in are bundled.
 */
import createClient, { type Client } from "openapi-fetch";
import { checkTimeZone, DEFAULT_TIME_ZONE, type WithDates } from "./dates.js";
import { excerpt, ThuliumApiError, ThuliumInputError } from "./errors.js";
import type { OperationId, OperationSpec } from "./generated/operations.js";
import type { paths, operations as SchemaOperations } from "./generated/schema.js";
import { splitParams } from "./params.js";
import { isRetryableStatus } from "./retry.js";
import { type AttemptContext, failure, send, type ThuliumLogger } from "./transport.js";
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
  /** Sent as `User-Agent`; default `thulium-chat-client/<version> node/<version>`. */
  userAgent?: string;
  /** Per attempt, until the whole answer is read. Default 30 000, as in Thulium's samples. */
  timeoutMs?: number;
  /** Retries after the first attempt, for what the spec marks safe to repeat. Default 2. */
  maxRetries?: number;
  /** Receives one event per attempt; never a header or the password. */
  logger?: ThuliumLogger;
  /** Allows `http://` to a host that is not loopback. The password then crosses the network in clear. */
  allowInsecureHttp?: boolean;
  /** The `fetch` to send with; default the global one. */
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

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Part<T> = [NonNullable<T>] extends [never] ? {} : { [K in keyof NonNullable<T> as K extends `${infer N}[]` ? N : K]: NonNullable<T>[K] };
type BodyOf<O> = O extends { requestBody?: infer R }
  ? [NonNullable<R>] extends [never]
    ? {}
    : NonNullable<R> extends { content: { "application/json": infer B } }
      ? undefined extends R
        ? Partial<B>
        : B
      : {}
  : {};
type JsonOf<R> = R extends { content: { "application/json": infer B } } ? B : undefined;
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 226;

/** The flat params object of an operation: path, query and body fields together. */
export type OperationParams<K extends OperationId> = WithDates<
  K,
  Simplify<Part<SchemaOperations[K]["parameters"]["path"]> & Part<SchemaOperations[K]["parameters"]["query"]> & BodyOf<SchemaOperations[K]>>
>;
/** What an operation resolves to: its 2xx JSON body, or `undefined` when it has none. */
export type OperationResult<K extends OperationId> = {
  [S in keyof SchemaOperations[K]["responses"]]: S extends SuccessStatus ? JsonOf<SchemaOperations[K]["responses"][S]> : never;
}[keyof SchemaOperations[K]["responses"]];

type Method<K extends OperationId> =
  {} extends OperationParams<K>
    ? (params?: OperationParams<K>, options?: CallOptions) => Promise<OperationResult<K>>
    : (params: OperationParams<K>, options?: CallOptions) => Promise<OperationResult<K>>;

/** One method per operation in `Ops`, named by its operationId. */
export type OperationMethods<Ops = Record<OperationId, OperationSpec>> = { [K in keyof Ops & OperationId]: Method<K> };

export type ThuliumCoreClient<Ops = Record<OperationId, OperationSpec>> = OperationMethods<Ops> & {
  /** The underlying openapi-fetch client, for `{ data, error, response }`; same auth, timeout and retries. */
  readonly api: Client<paths>;
};

const SYSTEM_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 2;

interface Settings {
  baseUrl: string;
  headers: Record<string, string>;
  timeoutMs: number;
  maxRetries: number;
  logger: ThuliumLogger | undefined;
  fetch: typeof fetch;
  timeZone: string;
}

/**
 * A client with a method for each of `operations`, e.g.
 * `createThuliumClient(options, { stopChatConversation })` with the operations
 * exported by `thulium-chat-client/core`.
 */
export function createThuliumClient<const Ops extends Partial<Record<OperationId, OperationSpec>>>(
  options: ThuliumClientOptions,
  operations: Ops,
): ThuliumCoreClient<Ops> {
  const settings = normalizeOptions(options);
  const baseFetch = settings.fetch;
  const basePath = new URL(settings.baseUrl).pathname.replace(/\/$/, "");
  const specs = Object.values(operations) as OperationSpec[];
  const api = createClient<paths>({
    baseUrl: settings.baseUrl,
    headers: settings.headers,
    redirect: "manual",
    // Calls made on `api` directly get the policy of the operation their URL matches.
    fetch: (request: Request) => {
      const segments = new URL(request.url).pathname.slice(basePath.length).split("/");
      // A `{param}` segment of the template matches any one non-empty segment.
      const op = specs.find((o) => {
        const template = o.path.split("/");
        return o.method === request.method && template.length === segments.length && template.every((t, i) => (t[0] === "{" ? segments[i] : t === segments[i]));
      });
      return send(baseFetch, request, context(settings, op, undefined));
    },
  });

  const client: Record<string, unknown> = { api };
  for (const op of specs) {
    client[op.operationId] = (params: unknown, callOptions?: CallOptions) => call(api, baseFetch, settings, op, params, callOptions);
  }
  return client as ThuliumCoreClient<Ops>;
}

async function call(
  api: Client<paths>,
  baseFetch: typeof fetch,
  settings: Settings,
  op: OperationSpec,
  params: unknown,
  callOptions: CallOptions | undefined,
): Promise<unknown> {
  const { operationId } = op;
  const { path, query, body } = splitParams(operationId, op, params, settings.timeZone);
  const ctx = context(settings, op, callOptions ?? {});
  try {
    // The generated table and the generated types describe the same spec; openapi-fetch's
    // per-path typing cannot follow a path chosen at run time.
    const { error, response } = await (api.request as Function)(op.method, op.path, {
      params: { path, query },
      body,
      parseAs: "stream", // a 2xx body is read below, under the attempt's timer
      signal: ctx.controller?.signal,
      fetch: (request: Request) => send(baseFetch, request, ctx),
    });
    const status: number = response.status;
    if (status >= 200 && status < 300) return await readSuccess(operationId, op, response, ctx);
    const location = status >= 300 && status < 400 ? response.headers.get("location") : null;
    throw new ThuliumApiError({
      operationId,
      status,
      body: error,
      attempts: ctx.attempts,
      retryable: isRetryableStatus(status, op.idempotent),
      headers: response.headers,
      detail: location === null ? undefined : `redirect to ${location} not followed; check baseUrl`,
    });
  } finally {
    ctx.pending?.settle();
  }
}

/**
 * One call's settings. `callOptions` is undefined for calls made on `api` directly:
 * their request carries the caller's signal, and they read a 2xx body in the transport.
 */
function context(settings: Settings, op: OperationSpec | undefined, callOptions: CallOptions | undefined): AttemptContext {
  return {
    operationId: op?.operationId,
    path: op?.path ?? "(unknown path)",
    idempotent: op?.idempotent ?? false,
    timeoutMs: checkTimeout(callOptions?.timeoutMs, settings.timeoutMs),
    maxRetries: checkRetries(callOptions?.maxRetries, settings.maxRetries),
    logger: settings.logger,
    signal: callOptions && (callOptions.signal ?? null),
    deferSuccessBody: !!callOptions,
    // Methods give openapi-fetch the first attempt's signal up front; see AttemptContext.controller.
    controller: callOptions && new AbortController(),
    attempts: 0,
  };
}

async function readSuccess(operationId: string, op: OperationSpec, response: Response, ctx: AttemptContext): Promise<unknown> {
  const { status, headers } = response;
  if (!op.jsonResponse || status === 204) {
    // The server has answered 2xx; a body the spec does not declare is drained and dropped, even if it breaks off.
    if (response.headers.get("content-length") !== "0") await response.arrayBuffer().catch(() => undefined);
    return undefined;
  }
  let text: string;
  try {
    text = await response.text();
  } catch (err) {
    // Not retried: the server has already acted on the request.
    throw failure(ctx, ctx.signal, ctx.pending?.timedOut, ctx.attempts, err);
  }
  const fail = (detail: string) => new ThuliumApiError({ operationId, status, body: undefined, attempts: ctx.attempts, retryable: false, headers, detail });
  if (!text) throw fail("with an empty body where the spec declares JSON");
  try {
    return JSON.parse(text);
  } catch {
    throw fail(`with a body that is not JSON: ${excerpt(text)}`);
  }
}

function normalizeOptions(options: ThuliumClientOptions): Settings {
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
    Authorization: `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`,
    Accept: "application/json",
    "User-Agent": options.userAgent ?? `thulium-chat-client/${VERSION} node/${process.versions.node}`,
  };
  if (options.acceptLanguage !== undefined) headers["Accept-Language"] = options.acceptLanguage;
  return {
    baseUrl: base,
    headers,
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

const checkTimeout = (value: unknown, fallback: number) => checkWhole("timeoutMs", value, fallback, 1, 2_147_483_647);
const checkRetries = (value: unknown, fallback: number) => checkWhole("maxRetries", value, fallback, 0, 10);

/** `value` when it is a whole number from `min` to `max`; `fallback` when it is undefined. */
function checkWhole(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new ThuliumInputError(`${name} must be a whole number from ${min} to ${max}, got ${String(value)}`, name);
  }
  return value as number;
}

// The core entry also hands out the errors, and each operation to pass to createThuliumClient.
export {
  isForbidden,
  isNotFound,
  isUnauthorized,
  ThuliumAbortError,
  ThuliumApiError,
  ThuliumConnectionError,
  ThuliumError,
  ThuliumInputError,
  ThuliumTimeoutError,
} from "./errors.js";
export * from "./generated/operations.js";
