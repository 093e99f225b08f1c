/**
 * How a call is sent, for the methods and for `client.api` alike: the
 * attempts, each under its own timer that also covers reading the answer,
 * bounded reads of every body, the retry decision, and one log event per
 * attempt. The state of a call lives in this function's locals.
 */

import { findRequestId, parseErrorBody } from "../errors/error-body.js";
import { ThuliumAbortError, ThuliumConnectionError, ThuliumError, ThuliumResponseError, ThuliumTimeoutError } from "../errors/thulium-errors.js";
import { readText, UndecodableText } from "./read-body.js";
import { isCertificateError, isRetryableStatus, neverReachedServer, retryDelayMs } from "./retry.js";
import type { Answer, Attempt, AttemptEvent, CallPolicy, Target, ThuliumLogger } from "./types.js";

/** How much of an error body is kept for the error; the rest is never read. */
export const ERROR_BODY_BYTES = 64 * 1024;
/** How much of an undeclared 2xx body is read to keep the connection; past it the body is cancelled. */
const DISCARD_BYTES = 64 * 1024;
const TIMED_OUT = Symbol("timed out");

/** Makes attempts until one gets an answer that is not retried, and returns it with its body read. */
export async function send(target: Target, policy: CallPolicy, logger: ThuliumLogger | undefined, attempt: Attempt): Promise<Answer> {
  const callerSignal = policy.signal;
  for (let n = 1; ; n++) {
    const last = n > policy.maxRetries;
    const started = logger ? performance.now() : 0;
    const controller = new AbortController();
    let answer: Answer | undefined;
    let failed: ThuliumError | undefined;
    let reading = false;
    // An in-flight socket keeps the process alive, not this timer.
    const timer = setTimeout(expire, policy.timeoutMs, controller);
    (timer as { unref?: () => void }).unref?.();
    try {
      if (callerSignal) {
        if (callerSignal.aborted) throw callerSignal.reason;
        follow(callerSignal, controller);
      }
      const response = await attempt(controller.signal, last);
      reading = true;
      answer = await readAnswer(response, target, policy, n);
    } catch (err) {
      failed = failure(err, target, policy, controller.signal, n, reading);
    } finally {
      clearTimeout(timer);
      if (callerSignal) unfollow(callerSignal, controller);
    }
    const retry =
      !last &&
      (answer
        ? isRetryableStatus(answer.status, target.idempotent)
        : failed instanceof ThuliumTimeoutError
          ? target.idempotent
          : failed instanceof ThuliumConnectionError &&
            !isCertificateError(failed.cause) &&
            (target.idempotent || (!reading && neverReachedServer(failed.cause))));
    const delay = retry ? retryDelayMs(n, answer?.headers.get("retry-after") ?? null) : undefined;
    if (logger) log(logger, target, n, started, answer, failed, delay);
    if (!retry) {
      if (failed) throw failed;
      return answer as Answer;
    }
    await sleep(delay as number, callerSignal, target.operationId);
  }
}

/**
 * Reads the body `target` needs from `response`, within the policy's limits:
 * a declared 2xx body up to `maxResponseBytes`, the head of an error body,
 * and no more of an undeclared body than it takes to keep the connection.
 */
export async function readAnswer(response: Response, target: Target, policy: CallPolicy, attempts: number): Promise<Answer> {
  const { status, statusText, headers } = response;
  let read = { text: "", over: false };
  // An error body only feeds the error's message: shown as well as its bytes allow, rather than hide the status.
  if (!response.ok) read = await readText(response, ERROR_BODY_BYTES, "lenient");
  else if (target.jsonResponse && status !== 204)
    read = await readText(response, policy.maxResponseBytes, "strict").catch(undecodable(target, response, attempts));
  // The server has answered 2xx: a body the spec does not declare is dropped, even if it breaks off.
  else if (headers.get("content-length") !== "0") await readText(response, DISCARD_BYTES, "lenient").catch(() => undefined);
  return { status, statusText, headers, text: read.text, over: read.over, attempts };
}

/** A 2xx body that is not text in its charset: the server has acted, so a `ThuliumResponseError`, never retried. */
function undecodable(target: Target, response: Response, attempts: number): (err: unknown) => never {
  return (err) => {
    if (!(err instanceof UndecodableText)) throw err;
    const { status, headers } = response;
    const detail = err.unknownCharset
      ? `with a body in charset ${JSON.stringify(err.charset)}, which this runtime cannot decode; nothing of it was used`
      : `with a body that is not valid ${err.charset} text; nothing of it was used`;
    throw new ThuliumResponseError({
      operationId: target.operationId ?? `${target.method} ${target.path}`,
      status,
      body: undefined,
      attempts,
      headers,
      problem: "bad-charset",
      detail,
    });
  };
}

// Module-level, with its argument passed by setTimeout: no closure per attempt.
function expire(controller: AbortController): void {
  controller.abort(TIMED_OUT);
}

/** What a failed attempt means: the caller aborted, the attempt timed out, or the connection failed or broke off. */
function failure(err: unknown, target: Target, policy: CallPolicy, signal: AbortSignal, attempts: number, reading: boolean): ThuliumError {
  const { operationId } = target;
  if (err instanceof ThuliumError) return err;
  if (policy.signal?.aborted) return new ThuliumAbortError(operationId, policy.signal.reason);
  if (signal.reason === TIMED_OUT) return new ThuliumTimeoutError(operationId, policy.timeoutMs, attempts);
  return new ThuliumConnectionError(operationId, attempts, err, reading ? "lost the answer while reading it" : undefined);
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
      unfollow(signal, onAbort);
      resolve();
    }, ms);
    follow(signal, onAbort);
  });
}

/** What follows a caller's signal: an attempt's controller, aborted with the signal's reason, or a retry's wait. */
type Follower = AbortController | (() => void);
/**
 * The followers of each caller signal, behind one listener on it: a signal shared by many calls
 * (one per batch, one per request of a server) gets one listener, not one per call in flight, so
 * Node never warns of a listener leak and nobody has to raise its limit.
 */
const followers = new WeakMap<AbortSignal, Set<Follower>>();

function follow(signal: AbortSignal, follower: Follower): void {
  let set = followers.get(signal);
  if (!set) {
    const all = new Set<Follower>();
    set = all;
    followers.set(signal, all);
    signal.addEventListener(
      "abort",
      () => {
        for (const f of all) typeof f === "function" ? f() : f.abort(signal.reason);
        all.clear();
      },
      { once: true },
    );
  }
  set.add(follower);
}

function unfollow(signal: AbortSignal, follower: Follower): void {
  followers.get(signal)?.delete(follower);
}

function log(
  logger: ThuliumLogger,
  target: Target,
  attempt: number,
  started: number,
  answer: Answer | undefined,
  failure: ThuliumError | undefined,
  retryDelay: number | undefined,
): void {
  const event: AttemptEvent = {
    operationId: target.operationId,
    method: target.method,
    path: target.path,
    attempt,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
  };
  const ok = answer !== undefined && answer.status >= 200 && answer.status < 300;
  if (answer) {
    event.status = answer.status;
    const requestId = ok ? undefined : findRequestId(parseErrorBody(answer.text, answer.over));
    if (requestId) event.requestId = requestId;
  }
  if (failure) event.error = failure.message;
  if (retryDelay !== undefined) event.retryDelayMs = retryDelay;
  const level = ok ? "debug" : retryDelay !== undefined ? "warn" : "error";
  logger[level](event, ok ? "thulium request" : retryDelay !== undefined ? "thulium request failed, retrying" : "thulium request failed");
}

/** The parsed JSON of `text`, or `text` itself when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
