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

  constructor(message: string, options: { operationId?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : options);
    this.operationId = options.operationId;
  }
}

/** Thulium answered with a status outside 2xx, or with a 2xx body that breaks the spec. */
export class ThuliumApiError extends ThuliumError {
  override name = "ThuliumApiError";
  declare readonly status: number;
  /** Thulium's `request_id`: quote it when reporting a problem to Thulium. */
  declare readonly requestId: string | undefined;
  /** Thulium's `errors` list; empty when the body was not Thulium's error JSON. */
  declare readonly errors: ThuliumErrorItem[];
  /** How many requests were sent, retries included. */
  declare readonly attempts: number;
  /** Whether this client retries this status for this operation. */
  declare readonly retryable: boolean;
  declare readonly headers: Headers | undefined;

  constructor(init: {
    operationId: string;
    status: number;
    body: unknown;
    attempts: number;
    retryable: boolean;
    headers?: Headers;
    detail?: string;
  }) {
    const { body, operationId, status } = init;
    const b = (body && typeof body === "object" ? body : {}) as { request_id?: unknown; errors?: unknown };
    const requestId = typeof b.request_id === "string" ? b.request_id : undefined;
    const errors: ThuliumErrorItem[] = Array.isArray(b.errors)
      ? b.errors.filter((e) => e && typeof e === "object").map((e) => ({ message: String(e.message ?? ""), code: Number(e.code) }))
      : [];
    // Thulium's messages, else a short excerpt of whatever came back.
    const what =
      init.detail ??
      (errors.length ? errors.map((e) => e.message).join("; ") : excerpt(body === b ? JSON.stringify(body) : typeof body === "string" ? body : ""));
    super(`${operationId} failed: ${status}${what && ` ${what}`}${requestId ? ` (request_id ${requestId})` : ""}`, { operationId });
    Object.assign(this, { status, requestId, errors, attempts: init.attempts, retryable: init.retryable, headers: init.headers });
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

/** The connection failed: refused, reset, DNS, TLS. `cause` holds the transport's error. */
export class ThuliumConnectionError extends ThuliumError {
  override name = "ThuliumConnectionError";
  declare readonly attempts: number;
  constructor(operationId: string | undefined, attempts: number, cause: unknown) {
    const inner = (cause as { cause?: unknown })?.cause ?? cause;
    const code = (inner as { code?: unknown })?.code;
    const message = inner instanceof Error ? inner.message : String(inner);
    const why = typeof code === "string" && !message.includes(code) ? `${code} ${message}` : message;
    super(`${operationId ?? "request"} could not reach Thulium: ${why} (attempt ${attempts})`, { operationId, cause });
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
  constructor(message: string, field?: string, operationId?: string) {
    super(message, { operationId });
    this.field = field;
  }
}

const isStatus = (err: unknown, status: number): err is ThuliumApiError => err instanceof ThuliumApiError && err.status === status;
export const isNotFound = (err: unknown): err is ThuliumApiError => isStatus(err, 404);
export const isUnauthorized = (err: unknown): err is ThuliumApiError => isStatus(err, 401);
export const isForbidden = (err: unknown): err is ThuliumApiError => isStatus(err, 403);

/** Keeps a message one short line, whatever the server sent (an HTML page, 10 MB of text). */
export function excerpt(text: string): string {
  const flat = text.slice(0, 800).replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
