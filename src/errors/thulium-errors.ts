import { clipText, printableLine } from "../text/printable-line.js";
import { findRequestId, type ThuliumErrorItem } from "./error-body.js";
import { rootCause } from "./root-cause.js";

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
      ? list.filter((e) => e && typeof e === "object").map((e) => ({ message: clipText(scalarText(e.message), ERROR_ITEM_CHARS), code: codeOf(e.code) }))
      : [];
    // Thulium's messages, else a short excerpt of whatever came back.
    const what = init.detail ?? (errors.length ? errors.map((e) => e.message).join("; ") : typeof body === "string" ? body : JSON.stringify(body ?? ""));
    super(answerMessage(operationId, status, what, requestId ?? "no request_id"), { operationId });
    Object.assign(this, { status, requestId, errors, attempts: init.attempts, retryable: init.retryable, headers: init.headers });
  }
}

/** Why a 2xx answer could not be used. */
export type ResponseProblem = "too-large" | "too-deep" | "not-json" | "empty" | "invalid" | "bad-charset";

/**
 * Thulium answered 2xx with a body this client cannot use: larger than
 * `maxResponseBytes`, nested too deep, not JSON, empty, not text in the charset its
 * Content-Type declares (UTF-8 when none) or in one this runtime cannot decode
 * (`"bad-charset"`), or (with `validateResponses: "throw"`) breaking the spec.
 * Never retried: the server has acted on the request.
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
    super(`${operationId ?? "request"} ${what}: ${printableLine(why, 300)} (attempt ${attempts})`, { operationId, cause });
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
  const id = requestId === undefined ? "" : requestId.startsWith("no ") ? ` (${requestId})` : ` (request_id ${printableLine(requestId, 100)})`;
  const text = printableLine(what, BODY_CHARS);
  return printableLine(`${operationId} failed: ${status}${text && ` ${text}`}${id}`, MESSAGE_CHARS);
}

// An entry's fields are read only when they are scalars: an array or object there is never walked.
function scalarText(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

function codeOf(value: unknown): number {
  return typeof value === "number" || typeof value === "string" ? Number(value) : Number.NaN;
}
