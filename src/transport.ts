/**
 * How a call is sent: one place for per-attempt timeouts, retries and the
 * per-attempt log event, for the methods and for calls on `client.api` alike.
 */
import { ThuliumAbortError, ThuliumConnectionError, type ThuliumError, ThuliumTimeoutError } from "./errors.js";
import { isRetryableStatus, neverReachedServer, retryDelayMs } from "./retry.js";

/** Any `{ debug, info, warn, error }` logger: `console`, pino, … */
export interface ThuliumLogger {
  debug(event: AttemptEvent, message: string): void;
  info(event: AttemptEvent, message: string): void;
  warn(event: AttemptEvent, message: string): void;
  error(event: AttemptEvent, message: string): void;
}

/** What the logger receives once per attempt. Never holds a header. */
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
}

/** One call's settings; `attempts` and the timer fields are written back for the caller. */
export interface AttemptContext {
  operationId: string | undefined;
  method: string;
  path: string;
  idempotent: boolean;
  timeoutMs: number;
  maxRetries: number;
  logger: ThuliumLogger | undefined;
  /** The caller's signal, or null. */
  signal: AbortSignal | null;
  /**
   * Set by the methods, which read a 2xx body themselves: the answer is then
   * handed on unread, and its timer keeps running until they call `settle(ctx)`.
   */
  deferSuccessBody: boolean;
  attempts: number;
  /** The current attempt's timer and caller-signal listener, while armed. */
  timer?: ReturnType<typeof setTimeout> | undefined;
  onAbort?: (() => void) | undefined;
  /** Whether the current attempt's timer fired. */
  timedOut?: boolean;
}

/**
 * Sends one attempt with `signal`, which aborts it on timeout or when the caller aborts.
 * `last` is true when no attempt follows, so a request body need not be kept.
 */
export type Attempt = (signal: AbortSignal, last: boolean) => Promise<Response>;

// Statuses whose Response may not carry a body.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Makes attempts until one gets an answer that is not retried. The timeout
 * covers the whole answer: error bodies are read here; a 2xx body is read
 * here too, or, with `deferSuccessBody`, by the caller before it settles.
 */
export async function send(attempt: Attempt, ctx: AttemptContext): Promise<Response> {
  const callerSignal = ctx.signal;
  for (let n = 1; ; n++) {
    ctx.attempts = n;
    const more = n <= ctx.maxRetries;
    const started = ctx.logger ? performance.now() : 0;
    let response: Response | undefined;
    let body: ArrayBuffer | null = null;
    let failed: ThuliumError | undefined;
    let deferred = false;
    ctx.timedOut = false;
    try {
      if (callerSignal?.aborted) throw callerSignal.reason;
      const controller = new AbortController();
      if (callerSignal) {
        ctx.onAbort = () => controller.abort(callerSignal.reason);
        callerSignal.addEventListener("abort", ctx.onAbort);
      }
      ctx.timer = setTimeout(expire, ctx.timeoutMs, ctx, controller);
      ctx.timer.unref?.(); // an in-flight socket keeps the process alive, not this timer
      const res = await attempt(controller.signal, !more);
      if (ctx.deferSuccessBody && res.ok) deferred = true;
      else if (!NULL_BODY_STATUSES.has(res.status) && res.headers.get("content-length") !== "0") {
        body = await res.arrayBuffer();
        response = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
      }
      response ??= res;
    } catch (err) {
      failed = failure(ctx, err);
    } finally {
      if (!deferred) settle(ctx);
    }
    const retry =
      more &&
      (response
        ? isRetryableStatus(response.status, ctx.idempotent)
        : failed instanceof ThuliumTimeoutError
          ? ctx.idempotent
          : failed instanceof ThuliumConnectionError && (ctx.idempotent || neverReachedServer(failed.cause)));
    const delay = retry ? retryDelayMs(n, response?.headers.get("retry-after") ?? null) : undefined;
    if (ctx.logger) log(ctx, n, started, response, body, failed, delay);
    if (!retry) {
      if (failed) throw failed;
      return response as Response;
    }
    await sleep(delay as number, callerSignal, ctx.operationId);
  }
}

// Module-level, with its arguments passed by setTimeout: no closure per attempt.
function expire(ctx: AttemptContext, controller: AbortController): void {
  ctx.timedOut = true;
  controller.abort();
}

/** Disarms the current attempt's timer and caller-signal listener. */
export function settle(ctx: AttemptContext): void {
  clearTimeout(ctx.timer);
  ctx.timer = undefined;
  if (ctx.onAbort) ctx.signal?.removeEventListener("abort", ctx.onAbort);
  ctx.onAbort = undefined;
}

/**
 * What a failed fetch or body read of the current attempt means: the caller aborted,
 * the attempt timed out, or the connection failed.
 */
export function failure(ctx: AttemptContext, err: unknown): ThuliumError {
  const callerSignal = ctx.signal;
  if (callerSignal?.aborted) return new ThuliumAbortError(ctx.operationId, callerSignal.reason);
  if (ctx.timedOut) return new ThuliumTimeoutError(ctx.operationId, ctx.timeoutMs, ctx.attempts);
  return new ThuliumConnectionError(ctx.operationId, ctx.attempts, err);
}

function sleep(ms: number, signal: AbortSignal | null, operationId: string | undefined): Promise<void> {
  if (!signal) return new Promise((resolve) => setTimeout(resolve, ms));
  if (signal.aborted) return Promise.reject(new ThuliumAbortError(operationId, signal.reason));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ThuliumAbortError(operationId, signal.reason));
    };
    // Not unref'd: a pending retry is work the process must still do.
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function log(
  ctx: AttemptContext,
  attempt: number,
  started: number,
  response: Response | undefined,
  body: ArrayBuffer | null,
  failure: ThuliumError | undefined,
  retryDelay: number | undefined,
): void {
  const event: AttemptEvent = {
    operationId: ctx.operationId,
    method: ctx.method,
    path: ctx.path,
    attempt,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
  };
  if (response) {
    event.status = response.status;
    const requestId = response.ok ? undefined : peekRequestId(body);
    if (requestId) event.requestId = requestId;
  }
  if (failure) event.error = failure.message;
  if (retryDelay !== undefined) event.retryDelayMs = retryDelay;
  const ok = response?.ok === true;
  const level = ok ? "debug" : retryDelay !== undefined ? "warn" : "error";
  ctx.logger?.[level](event, ok ? "thulium request" : retryDelay !== undefined ? "thulium request failed, retrying" : "thulium request failed");
}

/** Finds Thulium's `request_id` near the start of an error body, for the log. */
function peekRequestId(body: ArrayBuffer | null): string | undefined {
  if (!body) return undefined;
  const head = new TextDecoder().decode(body.slice(0, 4096));
  return /"request_id"\s*:\s*"([^"]{1,100})"/.exec(head)?.[1];
}
