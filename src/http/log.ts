/**
 * Logging of the request path: one event per attempt to the app's logger
 * (client/log-level.ts makes one from `logLevel` / THULIUM_LOG). A logger
 * that throws never changes a call's outcome.
 */
import { findRequestId, parseErrorBody } from "../errors/error-body.js";
import type { AttemptEvent, AttemptOutcome, Target, ThuliumLogger } from "./types.js";

type Level = keyof ThuliumLogger;

/** Calls the logger, whose failure is its own: the call it reports on goes on as if it had not been logged. */
export function emit(logger: ThuliumLogger, level: Level, event: AttemptEvent, message: string): void {
  try {
    logger[level](event, message);
  } catch {
    // Nowhere better to say it: the logger is where it would be said.
  }
}

/** Logs one attempt: debug when it got a 2xx, warn when another attempt follows, error when the call fails. */
export function logAttempt(
  logger: ThuliumLogger,
  target: Target,
  attempt: number,
  started: number,
  outcome: AttemptOutcome,
  retryDelay: number | undefined,
): void {
  const { answer, failure } = outcome;
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
  if (ok) emit(logger, "debug", event, "thulium request");
  else if (retryDelay !== undefined) emit(logger, "warn", event, "thulium request failed, retrying");
  else emit(logger, "error", event, "thulium request failed");
}
