import { jsonTextTooDeep } from "./json-depth.js";

/** One entry of Thulium's `errors` list. */
export interface ThuliumErrorItem {
  message: string;
  code: number;
}

// Fields are `declare`d and set in the constructors: no field definitions in the emitted code.

/** Base class of every error this client throws. */
export class ThuliumError extends Error {
  override name = "ThuliumError";
  /** The operation that failed, when the error comes from a call. */
  declare readonly operationId: string | undefined;

  constructor(message: string, options: { operationId?: string | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : options);
    this.operationId = options.operationId;
  }
}

/** What every answer-level error knows about the answer. */
interface AnswerInit {
  operationId: string;
  status: number;
  /** The parsed JSON body, or its text when it is not JSON. */
  body: unknown;
  attempts: number;
  headers?: Headers | undefined;
  /** Replaces the part of the message taken from the body. */
  detail?: string | undefined;
}

/** Thulium answered with a status outside 2xx. */
export class ThuliumApiError extends ThuliumError {
  override name = "ThuliumApiError";
  declare readonly status: number;
  /** Thulium's `request_id`: quote it when reporting a problem to Thulium. */
  declare readonly requestId: string | undefined;
  /** Thulium's `errors` list, each message capped; empty when the body was not Thulium's error JSON. */
  declare readonly errors: ThuliumErrorItem[];
  /** How many requests were sent, retries included. */
  declare readonly attempts: number;
  /** Whether this client retries this status for this operation. */
  declare readonly retryable: boolean;
  declare readonly headers: Headers | undefined;

  constructor(init: AnswerInit & { retryable: boolean }) {
    const { body, operationId, status } = init;
    const requestId = findRequestId(body);
    const list = (body as { errors?: unknown } | null)?.errors;
    const errors: ThuliumErrorItem[] = Array.isArray(list)
      ? list.filter((e) => e && typeof e === "object").map((e) => ({ message: clip(scalarText(e.message), ERROR_ITEM_CHARS), code: codeOf(e.code) }))
      : [];
    // Thulium's messages, else a short excerpt of whatever came back.
    const what = init.detail ?? (errors.length ? errors.map((e) => e.message).join("; ") : typeof body === "string" ? body : JSON.stringify(body ?? ""));
    super(answerMessage(operationId, status, what, requestId ?? "no request_id"), { operationId });
    Object.assign(this, { status, requestId, errors, attempts: init.attempts, retryable: init.retryable, headers: init.headers });
  }
}

/** Why a 2xx answer could not be used. */
export type ResponseProblem = "too-large" | "too-deep" | "not-json" | "empty" | "invalid";

/**
 * Thulium answered 2xx with a body this client cannot use: larger than
 * `maxResponseBytes`, nested too deep, not JSON, empty, or (with `validateResponses: "throw"`)
 * breaking the spec. Never retried: the server has acted on the request.
 */
export class ThuliumResponseError extends ThuliumError {
  override name = "ThuliumResponseError";
  declare readonly status: number;
  declare readonly problem: ResponseProblem;
  /** A `request_id` in the body, when it has one. */
  declare readonly requestId: string | undefined;
  /** The parsed body, when it was JSON. */
  declare readonly body: unknown;
  declare readonly attempts: number;
  declare readonly headers: Headers | undefined;

  constructor(init: AnswerInit & { problem: ResponseProblem; detail: string }) {
    const { body, operationId, status } = init;
    const requestId = findRequestId(body);
    super(answerMessage(operationId, status, init.detail, requestId), { operationId });
    Object.assign(this, { status, problem: init.problem, requestId, body, attempts: init.attempts, headers: init.headers });
  }
}

/** No answer came within `timeoutMs`, on the last attempt. */
export class ThuliumTimeoutError extends ThuliumError {
  override name = "ThuliumTimeoutError";
  declare readonly timeoutMs: number;
  declare readonly attempts: number;
  constructor(operationId: string | undefined, timeoutMs: number, attempts: number) {
    super(`${operationId ?? "request"} timed out after ${timeoutMs} ms (attempt ${attempts})`, { operationId });
    Object.assign(this, { timeoutMs, attempts });
  }
}

/** The connection failed or broke off: refused, reset, DNS, TLS, a body that could not be decoded. `cause` holds the transport's error. */
export class ThuliumConnectionError extends ThuliumError {
  override name = "ThuliumConnectionError";
  declare readonly attempts: number;
  constructor(operationId: string | undefined, attempts: number, cause: unknown, what = "could not reach Thulium") {
    const inner = rootCause(cause);
    const code = (inner as { code?: unknown })?.code;
    const message = inner instanceof Error ? inner.message : String(inner);
    const why = typeof code === "string" && !message.includes(code) ? `${code} ${message}` : message;
    super(`${operationId ?? "request"} ${what}: ${oneLine(why, 300)} (attempt ${attempts})`, { operationId, cause });
    this.attempts = attempts;
  }
}

/** The caller's `AbortSignal` fired; nothing is retried after it. */
export class ThuliumAbortError extends ThuliumError {
  override name = "ThuliumAbortError";
  constructor(operationId: string | undefined, cause?: unknown) {
    super(`${operationId ?? "request"} was aborted by the caller`, { operationId, cause });
  }
}

/** A bad argument or option, found before anything was sent. */
export class ThuliumInputError extends ThuliumError {
  override name = "ThuliumInputError";
  /** The parameter or option at fault, when there is one. */
  declare readonly field: string | undefined;
  /** What is wrong, without the operation's name that `message` starts with: `parameter "id" must be a UUID …`. */
  declare readonly detail: string;
  constructor(message: string, field?: string, operationId?: string, detail: string = message) {
    super(message, { operationId });
    this.field = field;
    this.detail = detail;
  }
}

const isStatus = (err: unknown, status: number): err is ThuliumApiError => err instanceof ThuliumApiError && err.status === status;
export const isNotFound = (err: unknown): err is ThuliumApiError => isStatus(err, 404);
export const isUnauthorized = (err: unknown): err is ThuliumApiError => isStatus(err, 401);
export const isForbidden = (err: unknown): err is ThuliumApiError => isStatus(err, 403);

/** The longest `message` of an answer-level error, and the longest part of it taken from the body. */
const MESSAGE_CHARS = 500;
const BODY_CHARS = 200;
/** The longest message kept for one entry of `errors`. */
const ERROR_ITEM_CHARS = 4096;

/** `<op> failed: <status> <what> (request_id …)`: one line of at most 500 characters, whatever the body held. */
function answerMessage(operationId: string, status: number, what: string, requestId: string | undefined): string {
  const id = requestId === undefined ? "" : requestId.startsWith("no ") ? ` (${requestId})` : ` (request_id ${oneLine(requestId, 100)})`;
  const text = oneLine(what, BODY_CHARS);
  return oneLine(`${operationId} failed: ${status}${text && ` ${text}`}${id}`, MESSAGE_CHARS);
}

/**
 * An error body as Thulium's `{request_id, errors}` when it is one: parsed, or,
 * when only its head was read (`cut`), salvaged field by field; else its text.
 */
export function parseErrorBody(text: string, cut: boolean): unknown {
  try {
    // Nested too deep to be Thulium's error JSON: kept as text, whose head the message shows.
    if (!jsonTextTooDeep(text)) return JSON.parse(text);
  } catch {
    // not JSON: salvaged or kept as text below
  }
  return (cut && salvage(text)) || text;
}

// An entry's fields are read only when they are scalars: an array or object there is never walked.
function scalarText(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

function codeOf(value: unknown): number {
  return typeof value === "number" || typeof value === "string" ? Number(value) : Number.NaN;
}

/** The request_id and errors of a Thulium error JSON cut off mid-way, read field by field. */
function salvage(head: string): { request_id?: string; errors: ThuliumErrorItem[] } | undefined {
  const id = /"request_id"\s*:\s*"((?:[^"\\]|\\.){1,200})"/.exec(head)?.[1];
  const errors: ThuliumErrorItem[] = [];
  for (const m of head.matchAll(/"message"\s*:\s*"((?:[^"\\]|\\.)*)(?:"[^}]*?"code"\s*:\s*(-?\d+))?/g)) {
    errors.push({ message: jsonString((m[1] as string).replace(/\\$/, "")), code: Number(m[2] ?? Number.NaN) });
  }
  if (id === undefined && errors.length === 0) return undefined;
  return id === undefined ? { errors } : { request_id: jsonString(id), errors };
}

function jsonString(inner: string): string {
  try {
    return JSON.parse(`"${inner}"`);
  } catch {
    return inner;
  }
}

/** Thulium's `request_id` in a parsed error body: the one place that finds it. */
export function findRequestId(body: unknown): string | undefined {
  const id = (body as { request_id?: unknown } | null)?.request_id;
  return typeof id === "string" && id !== "" ? id : undefined;
}

/** The innermost error a fetch failure wraps (undici puts the socket's error in `cause`). */
export function rootCause(error: unknown): unknown {
  return (error as { cause?: unknown })?.cause ?? error;
}

// ANSI escape sequences (CSI and OSC), which a terminal would obey, then any other C0 or C1 control, DEL,
// the Unicode line and paragraph separators, and bidi controls, which would reorder what a log shows.
// A lone ESC is matched last, so that a control before a sequence does not swallow its ESC.
const CONTROLS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is removed
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[\u0000-\u001a\u001c-\u001f\u007f-\u009f\u001b\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` as one printable line of at most `max` characters: controls removed, white space folded. */
export function oneLine(text: string, max: number): string {
  // Only the head can show: cleaning 10 MB to keep 500 characters would be wasted work.
  const flat = clip(text, max * 4)
    .replace(CONTROLS, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > max ? `${flat.slice(0, Math.max(0, max - 1))}…` : flat;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
