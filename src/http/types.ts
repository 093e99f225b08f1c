/**
 * The shapes the request path hands from step to step: a call's policy, what
 * is called, the answer once read, and the logger's events. Types only, with
 * no imports, so that the generated table and every module can share them.
 */

/** What to do with a 2xx body that breaks the spec: throw `ThuliumResponseError`, warn once per field, or nothing. */
export type ValidateResponses = "warn" | "throw" | "off";

/** One call's policy: the client's, with the call's options applied. */
export interface CallPolicy {
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly maxResponseBytes: number;
  readonly validateResponses: ValidateResponses;
  readonly signal: AbortSignal | null;
  /** The call's headers (its `headers` option over the client's), for a request without a body and with a JSON one; undefined when the call adds none. */
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly jsonHeaders: Readonly<Record<string, string>> | undefined;
  /** Passed to `fetch` in its init (client's and call's `fetchOptions`), under what the client sets. */
  readonly fetchOptions: Readonly<Record<string, unknown>> | undefined;
}

/** Any `{ debug, info, warn, error }` logger: `console`, pino, … */
export interface ThuliumLogger {
  debug(event: AttemptEvent, message: string): void;
  info(event: AttemptEvent, message: string): void;
  warn(event: AttemptEvent, message: string): void;
  error(event: AttemptEvent, message: string): void;
}

/** What the logger receives once per attempt, and with a response warning. Never holds a header. */
export interface AttemptEvent {
  operationId: string | undefined;
  method: string;
  /** The path template, such as `/chat_conversations/{id}/stop`: ids stay out of logs. */
  path: string;
  attempt: number;
  durationMs: number;
  status?: number;
  requestId?: string;
  /** Set when another attempt follows after this delay. */
  retryDelayMs?: number;
  error?: string;
  /** With `validateResponses: "warn"`: where the 2xx body breaks the spec. */
  responseProblem?: string;
}

/** What is called: an operation of the spec, or a route `client.api` did not match. */
export interface Target {
  readonly operationId: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly idempotent: boolean;
  /** Whether a 2xx body is read; when false it is discarded unread. */
  readonly jsonResponse: boolean;
}

/** An answer whose body has been read within its limit. */
export interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  /** The 2xx body the spec declares, or the head of an error body; "" otherwise. */
  readonly text: string;
  /** The body was longer than its limit (`maxResponseBytes`, or 64 KiB for an error): `text` holds its head only. */
  readonly over: boolean;
  readonly attempts: number;
  /** A declared 2xx body that is not text in its charset (then `text` is ""): refused by the answer's check. */
  readonly undecodable?: { readonly charset: string; readonly unknownCharset: boolean } | undefined;
}

/**
 * A request ready to send. `fetch` is always called as `fetch(url, init)`, never with a `Request`,
 * so that any `fetch` takes it (npm undici's refuses a `Request` made by the runtime's own).
 */
export interface Outgoing {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON text, the bytes of a `Request`'s body (read once, sent on every attempt), or none. */
  readonly body: string | ArrayBuffer | undefined;
  /**
   * Given to `fetch` instead of `url` where the request was a `Request` (with middleware, and under
   * `thulium.api`), with the init still spelling out the request: it reads as its URL to a `fetch` of
   * another realm, such as npm undici's.
   */
  readonly request?: Request;
}

/** How one attempt ended: an answer read within its bound, or a failure (`reading`: after the status came). */
export type AttemptOutcome =
  | { readonly answer: Answer; readonly failure?: undefined; readonly reading?: undefined }
  | { readonly answer?: undefined; readonly failure: Error; readonly reading: boolean };
