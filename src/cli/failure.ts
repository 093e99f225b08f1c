/**
 * What went wrong, as an exit code and one line for stderr. Expected
 * failures never show a stack trace.
 */
import {
  ThuliumAbortError,
  ThuliumApiError,
  ThuliumConnectionError,
  ThuliumError,
  ThuliumInputError,
  ThuliumResponseError,
  ThuliumTimeoutError,
} from "../errors/thulium-errors.js";
import { printableLine } from "../text/printable-line.js";

export const EXIT = {
  ok: 0,
  /** Thulium answered with an error, or any id of a many-value run failed. */
  api: 1,
  /** Bad usage or input: nothing was sent. */
  usage: 2,
  /** Timeout or connection failure; a many-value run stopped because the server looked gone or kept throttling. */
  network: 3,
  /** A many-value run stopped because its journal could not be written (a full disk, a file size limit); EX_IOERR of sysexits.h. */
  journal: 74,
  /** Ctrl-C (SIGINT); 143 for SIGTERM, 141 for a closed stdout (interrupt.ts). */
  interrupted: 130,
} as const;

/** A mistake on the command line, found before anything is sent. */
export class UsageError extends Error {
  override name = "UsageError";
}

export function exitCodeOf(err: unknown): number {
  if (err instanceof UsageError || err instanceof ThuliumInputError) return EXIT.usage;
  if (err instanceof ThuliumTimeoutError || err instanceof ThuliumConnectionError) return EXIT.network;
  if (err instanceof ThuliumAbortError) return EXIT.interrupted;
  return EXIT.api;
}

/** Whether the failure is one the CLI expects (no stack trace). */
export function isExpected(err: unknown): boolean {
  return err instanceof UsageError || err instanceof ThuliumError;
}

/**
 * Thulium's answer from the error's fields (status, messages, request_id), or
 * the library's message as it is; `hint` adds what to do in the CLI's terms.
 */
export function reason(err: unknown, operationId?: string): string {
  return printableLine(describe(err, operationId)) + hint(err);
}

function describe(err: unknown, operationId: string | undefined): string {
  if (err instanceof ThuliumApiError && err.errors.length > 0) {
    const id = err.requestId === undefined ? "no request_id" : `request_id ${err.requestId}`;
    return `${err.status} ${err.errors.map((e) => e.message).join("; ")} (${id})`;
  }
  // A many-value run names its operation once, in the summary: each value's line gives the problem alone.
  if (err instanceof ThuliumInputError && operationId !== undefined && err.operationId === operationId) return err.detail;
  return err instanceof Error ? err.message : String(err);
}

function hint(err: unknown): string {
  if (err instanceof ThuliumApiError && err.status === 401) return "; check the user (THULIUM_USER) and password";
  if (err instanceof ThuliumApiError && err.status === 403)
    return "; the API user lacks permission for this method (Thulium panel: Administration → Users → API Users)";
  return "";
}

/** The JSON form of a failure, for `--json` results of many-value runs. */
export function failureJson(err: unknown, operationId: string): Record<string, unknown> {
  const out: Record<string, unknown> = { type: failureType(err), message: reason(err, operationId) };
  if (err instanceof ThuliumApiError) {
    out.status = err.status;
    if (err.requestId !== undefined) out.request_id = err.requestId;
    out.errors = err.errors;
  }
  if (err instanceof ThuliumResponseError) {
    out.status = err.status;
    out.problem = err.problem;
  }
  if (err instanceof ThuliumInputError && err.field !== undefined) out.field = err.field;
  return out;
}

function failureType(err: unknown): string {
  if (err instanceof ThuliumInputError || err instanceof UsageError) return "input";
  if (err instanceof ThuliumTimeoutError) return "timeout";
  if (err instanceof ThuliumConnectionError) return "connection";
  if (err instanceof ThuliumApiError) return "api";
  // A 2xx the client could not use: the server did act on the request.
  if (err instanceof ThuliumResponseError) return "response";
  return "internal";
}
