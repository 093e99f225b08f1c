/**
 * The `fetch` that openapi-fetch calls: one place for per-attempt timeouts,
 * retries and the per-attempt log event.
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

/** One call's settings; `attempts` and `pending` are written back for the caller. */
export interface AttemptContext {
  operationId: string | undefined;
  path: string;
  idempotent: boolean;
  timeoutMs: number;
  maxRetries: number;
  logger: ThuliumLogger | undefined;
  /**
   * The caller's signal. `undefined`: the request's own signal is the caller's
   * (calls on `client.api`); `null`: the caller gave none.
   */
  signal: AbortSignal | null | undefined;
  /**
   * Set by the methods, which read a 2xx body themselves: the answer is then
   * handed on unread, and its timer keeps running until they call `pending.settle()`.
   */
  deferSuccessBody: boolean;
  /**
   * A controller whose signal the request already follows (given to openapi-fetch), for the
   * first attempt: fetch then takes the request as it is, which is cheaper than a new signal.
   */
  controller?: AbortController;
  attempts: number;
  pending?: PendingAnswer;
}

/** The last attempt's timer and caller-signal listener, still armed while its body is read. */
export interface PendingAnswer {
  settle(): void;
  readonly timedOut: boolean;
}

interface Answer {
  response: Response;
  /** The body, when it was read here (error answers, and 2xx answers on `client.api`). */
  body: ArrayBuffer | null;
}

// Statuses whose Response may not carry a body.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Sends `request` until it gets an answer that is not retried. The timeout
 * covers the whole answer: error bodies are read here; a 2xx body is read
 * here too, or, with `deferSuccessBody`, by the caller before it settles.
 */
export async function send(fetchImpl: typeof fetch, request: Request, ctx: AttemptContext): Promise<Response> {
  const callerSignal = ctx.signal === undefined ? request.signal : ctx.signal;
  for (let attempt = 1; ; attempt++) {
    ctx.attempts = attempt;
    const more = attempt <= ctx.maxRetries;
    const started = performance.now();
    let answer: Answer | undefined;
    let failure: ThuliumError | undefined;
    try {
      // A body can be read once: keep the original for the attempts to come.
      const outgoing = more && request.body !== null ? request.clone() : request;
      answer = await attemptOnce(fetchImpl, outgoing, callerSignal, ctx, attempt);
    } catch (err) {
      failure = err as ThuliumError;
    }
    const response = answer?.response;
    const retry =
      more &&
      (response
        ? isRetryableStatus(response.status, ctx.idempotent)
        : failure instanceof ThuliumTimeoutError
          ? ctx.idempotent
          : failure instanceof ThuliumConnectionError && (ctx.idempotent || neverReachedServer(failure.cause)));
    const delay = retry ? retryDelayMs(attempt, response?.headers.get("retry-after") ?? null) : undefined;
    if (ctx.logger) log(ctx, request.method, attempt, started, answer, failure, delay);
    if (!retry) {
      if (failure) throw failure;
      return response as Response;
    }
    await sleep(delay as number, callerSignal, ctx.operationId);
  }
}

async function attemptOnce(fetchImpl: typeof fetch, request: Request, callerSignal: AbortSignal | null, ctx: AttemptContext, attempt: number): Promise<Answer> {
  if (callerSignal?.aborted) throw new ThuliumAbortError(ctx.operationId, callerSignal.reason);
  const own = attempt === 1 ? ctx.controller : undefined;
  const controller = own ?? new AbortController();
  const abort = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener("abort", abort);
  const pending = {
    timedOut: false,
    settle() {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", abort);
    },
  };
  const timer = setTimeout(() => {
    pending.timedOut = true;
    controller.abort();
  }, ctx.timeoutMs);
  timer.unref?.(); // an in-flight socket keeps the process alive, not this timer
  let deferred = false;
  try {
    const res = await (own ? fetchImpl(request) : fetchImpl(request, { signal: controller.signal }));
    // Nothing to read, or the caller reads it: hand the answer on as it came.
    if (NULL_BODY_STATUSES.has(res.status) || res.headers.get("content-length") === "0") return { response: res, body: null };
    if (ctx.deferSuccessBody && res.ok) {
      deferred = true;
      ctx.pending = pending;
      return { response: res, body: null };
    }
    const body = await res.arrayBuffer();
    return { response: new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers }), body };
  } catch (err) {
    throw failure(ctx, callerSignal, pending.timedOut, attempt, err);
  } finally {
    if (!deferred) pending.settle();
  }
}

/** What a failed fetch or body read means: the caller aborted, the attempt timed out, or the connection failed. */
export function failure(
  ctx: AttemptContext,
  callerSignal: AbortSignal | null | undefined,
  timedOut: boolean | undefined,
  attempt: number,
  err: unknown,
): ThuliumError {
  if (callerSignal?.aborted) return new ThuliumAbortError(ctx.operationId, callerSignal.reason);
  if (timedOut) return new ThuliumTimeoutError(ctx.operationId, ctx.timeoutMs, attempt);
  return new ThuliumConnectionError(ctx.operationId, attempt, err);
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
  method: string,
  attempt: number,
  started: number,
  answer: Answer | undefined,
  failure: ThuliumError | undefined,
  retryDelay: number | undefined,
): void {
  const response = answer?.response;
  const event: AttemptEvent = {
    operationId: ctx.operationId,
    method,
    path: ctx.path,
    attempt,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
  };
  if (response) {
    event.status = response.status;
    const requestId = response.ok ? undefined : peekRequestId(answer?.body ?? null);
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
