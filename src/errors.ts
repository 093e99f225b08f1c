/** One entry of Thulium's `errors` list. */
export interface ThuliumErrorItem {
  message: string;
  code: number;
}

/** Base class of every error this client throws. */
export class ThuliumError extends Error {
  override name = "ThuliumError";
  /** The operation that failed, when the error comes from a call. */
  readonly operationId: string | undefined;

  constructor(message: string, options: { operationId?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.operationId = options.operationId;
  }
}

/** Thulium answered with a status outside 2xx, or with a 2xx body that breaks the spec. */
export class ThuliumApiError extends ThuliumError {
  override name = "ThuliumApiError";
  readonly status: number;
  /** Thulium's `request_id`: quote it when reporting a problem to Thulium. */
  readonly requestId: string | undefined;
  /** Thulium's `errors` list; empty when the body was not Thulium's error JSON. */
  readonly errors: ThuliumErrorItem[];
  /** How many requests were sent, retries included. */
  readonly attempts: number;
  /** Whether this client retries this status for this operation. */
  readonly retryable: boolean;
  readonly headers: Headers | undefined;

  constructor(init: {
    operationId: string;
    status: number;
    body: unknown;
    attempts: number;
    retryable: boolean;
    headers?: Headers;
    detail?: string;
  }) {
    const { requestId, errors, text } = readErrorBody(init.body);
    const what = init.detail ?? (errors.length > 0 ? errors.map((e) => e.message).join("; ") : text);
    const reqId = requestId ? ` (request_id ${requestId})` : "";
    super(`${init.operationId} failed: ${init.status}${what ? ` ${what}` : ""}${reqId}`, { operationId: init.operationId });
    this.status = init.status;
    this.requestId = requestId;
    this.errors = errors;
    this.attempts = init.attempts;
    this.retryable = init.retryable;
    this.headers = init.headers;
  }
}

/** No answer came within `timeoutMs`, on the last attempt. */
export class ThuliumTimeoutError extends ThuliumError {
  override name = "ThuliumTimeoutError";
  constructor(
    operationId: string | undefined,
    readonly timeoutMs: number,
    readonly attempts: number,
  ) {
    super(`${operationId ?? "request"} timed out after ${timeoutMs} ms (attempt ${attempts})`, { operationId });
  }
}

/** The connection failed: refused, reset, DNS, TLS. `cause` holds the transport's error. */
export class ThuliumConnectionError extends ThuliumError {
  override name = "ThuliumConnectionError";
  constructor(
    operationId: string | undefined,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`${operationId ?? "request"} could not reach Thulium: ${describeCause(cause)} (attempt ${attempts})`, { operationId, cause });
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
  constructor(
    message: string,
    /** The parameter or option at fault, when there is one. */
    readonly field?: string,
    operationId?: string,
  ) {
    super(message, { operationId });
  }
}

export const isNotFound = (err: unknown): err is ThuliumApiError => err instanceof ThuliumApiError && err.status === 404;
export const isUnauthorized = (err: unknown): err is ThuliumApiError => err instanceof ThuliumApiError && err.status === 401;
export const isForbidden = (err: unknown): err is ThuliumApiError => err instanceof ThuliumApiError && err.status === 403;

const MAX_TEXT = 200;

/** Reads Thulium's `{request_id, errors}` from a body, or a short excerpt of anything else. */
function readErrorBody(body: unknown): { requestId?: string; errors: ThuliumErrorItem[]; text: string } {
  if (body && typeof body === "object") {
    const b = body as { request_id?: unknown; errors?: unknown };
    const requestId = typeof b.request_id === "string" ? b.request_id : undefined;
    const errors = Array.isArray(b.errors)
      ? b.errors
          .filter((e): e is Record<string, unknown> => !!e && typeof e === "object")
          .map((e) => ({ message: String(e.message ?? ""), code: Number(e.code) }))
      : [];
    return { requestId, errors, text: errors.length > 0 ? "" : excerpt(JSON.stringify(body)) };
  }
  return { errors: [], text: typeof body === "string" ? excerpt(body) : "" };
}

/** Keeps a message one short line, whatever the server sent (an HTML page, 10 MB of text). */
export function excerpt(text: string): string {
  const flat = text.slice(0, MAX_TEXT * 4).replace(/\s+/g, " ").trim();
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT)}…` : flat;
}

function describeCause(cause: unknown): string {
  const inner = (cause as { cause?: unknown })?.cause ?? cause;
  const code = (inner as { code?: unknown })?.code;
  const message = inner instanceof Error ? inner.message : String(inner);
  return typeof code === "string" && !message.includes(code) ? `${code} ${message}` : message;
}
