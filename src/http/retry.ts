/**
 * When a failed attempt is sent again, and after how long. The operation's
 * `x-idempotent` flag in the spec decides what is safe to repeat.
 */

import { rootCause } from "../errors/root-cause.js";
import { ThuliumConnectionError, ThuliumTimeoutError } from "../errors/thulium-errors.js";
import type { AttemptOutcome, Target } from "./types.js";

/** Statuses retried for operations that are safe to repeat. */
const IDEMPOTENT_RETRY_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504];
/** Statuses retried for every operation: 429 says the request was not processed. */
const ALWAYS_RETRY_STATUSES: readonly number[] = [429];

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Whether an attempt's outcome is sent again (when retries are left): a status this operation may repeat;
 * a timeout or a broken connection of an operation safe to repeat; or, for any operation, a connection
 * that failed before the request left this machine. Nothing else: a 2xx the client cannot use, an abort,
 * or the app's own code failing (its fetch, its middleware).
 */
export function shouldRetry(target: Target, outcome: AttemptOutcome): boolean {
  const { answer, failure } = outcome;
  if (answer) return isRetryableStatus(answer.status, target.idempotent);
  if (failure instanceof ThuliumTimeoutError) return target.idempotent;
  // A certificate that fails verification fails the same way each time.
  if (!(failure instanceof ThuliumConnectionError) || isCertificateError(failure.cause)) return false;
  return target.idempotent || (!outcome.reading && neverReachedServer(failure.cause));
}

export function isRetryableStatus(status: number, idempotent: boolean): boolean {
  return (idempotent ? IDEMPOTENT_RETRY_STATUSES : ALWAYS_RETRY_STATUSES).includes(status);
}

/** Error codes that prove the request never left this machine, so any operation may be sent again. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

export function neverReachedServer(error: unknown): boolean {
  const cause = rootCause(error);
  const code = (cause as { code?: unknown })?.code;
  if (typeof code === "string") return NOT_SENT_CODES.has(code);
  // Happy-eyeballs connects fail with an AggregateError of one error per address.
  const errors = (cause as { errors?: unknown })?.errors;
  // Stryker disable next-line StringLiteral: equivalent: an error without a code is not "never sent", whatever string stands in for it
  return Array.isArray(errors) && errors.length > 0 && errors.every((e) => NOT_SENT_CODES.has((e as { code?: string })?.code ?? ""));
}

/**
 * The codes Node gives a certificate that failed verification: OpenSSL's X509 verify errors as Node
 * names them (src/crypto/crypto_common.cc: UNABLE_TO_GET_ISSUER_CERT, CERT_HAS_EXPIRED,
 * ERROR_IN_CERT_NOT_BEFORE_FIELD, DEPTH_ZERO_SELF_SIGNED_CERT, SELF_SIGNED_CERT_IN_CHAIN, INVALID_CA,
 * PATH_LENGTH_EXCEEDED, INVALID_PURPOSE, HOSTNAME_MISMATCH, …), and its own host name check. Undici's
 * `fetch` passes them on.
 */
const CERTIFICATE_CODES = /CERT|CRL|UNABLE_TO_|HOSTNAME_MISMATCH|INVALID_CA|INVALID_PURPOSE|PATH_LENGTH/;

/** The server's certificate failed verification: no retry can change that, so none is made. */
export function isCertificateError(error: unknown): boolean {
  const code = (rootCause(error) as { code?: unknown })?.code;
  return typeof code === "string" && CERTIFICATE_CODES.test(code);
}

/**
 * Delay before retry number `retry` (1-based): the server's `Retry-After` when
 * it asks for at most 60 s, otherwise the back-off.
 */
export function retryDelayMs(retry: number, retryAfter: string | null, now = Date.now()): number {
  const asked = retryAfterMs(retryAfter, now);
  return asked !== undefined && asked <= MAX_RETRY_AFTER_MS ? asked : backoffMs(retry);
}

/** The wait before retry number `retry` (1-based) when the server named none: 0.5 s × 2^(retry-1), capped at 8 s, less up to 25 % jitter. */
export function backoffMs(retry: number): number {
  const full = Math.min(BASE_DELAY_MS * 2 ** (retry - 1), MAX_DELAY_MS);
  return Math.round(full * (1 - Math.random() * 0.25));
}

/** A `Retry-After` header in milliseconds: seconds, or an HTTP date; `undefined` when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // An HTTP date opens with its day's name (RFC 9110 §5.6.7); Date.parse alone would read "1,5" or "in 5" as a day in 2001.
  const date = /^(?:mon|tue|wed|thu|fri|sat|sun)/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
