/**
 * `logLevel` and THULIUM_LOG: what is logged, and where when the app gives no
 * logger (one line per event on stderr). Only `createThuliumClient` bundles
 * this; `createCoreClient` takes a logger as it is.
 */
import { ThuliumInputError } from "../errors/thulium-errors.js";
import type { AttemptEvent, ThuliumLogger } from "../http/types.js";
import { printableLine } from "../text/printable-line.js";
import type { ThuliumClientOptions } from "./options.js";

export type LogLevel = "debug" | "info" | "warn" | "error" | "off";
export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error", "off"];
type Level = Exclude<LogLevel, "off">;

/** `options` with `logLevel` (given, else `fromEnvironment`) turned into the logger it means. */
export function withLogLevel(options: ThuliumClientOptions, fromEnvironment?: LogLevel): ThuliumClientOptions {
  const { logLevel = fromEnvironment, ...rest } = options;
  const { logger } = options;
  // Checked here, where a call could never fail on it: a logger missing a method would log nothing, silently.
  if (logger !== undefined && (["debug", "info", "warn", "error"] as const).some((name) => typeof logger?.[name] !== "function")) {
    throw new ThuliumInputError("logger must have debug, info, warn and error methods", "logger");
  }
  if (logLevel === undefined) return rest;
  if (!LOG_LEVELS.includes(logLevel))
    throw new ThuliumInputError(`logLevel must be one of ${LOG_LEVELS.join(", ")}, got ${JSON.stringify(logLevel)}`, "logLevel");
  return { ...rest, logger: atLevel(options.logger ?? stderrLogger(), logLevel) };
}

/** An attempt as one printable line: `POST /chat_conversations/{id}/stop attempt 1: 503 in 12.5 ms; retrying in 480 ms`. */
export function attemptLine(event: AttemptEvent, attempt = event.attempt): string {
  const outcome = event.status !== undefined ? `${event.status}` : (event.error ?? "no answer");
  const requestId = event.requestId ? ` request_id ${event.requestId}` : "";
  const retry = event.retryDelayMs !== undefined ? `; retrying in ${event.retryDelayMs} ms` : "";
  // The request_id and the outcome are the server's: cleaned with the whole line, which must stay one.
  return printableLine(`${event.method} ${event.path} attempt ${attempt}: ${outcome} in ${event.durationMs} ms${requestId}${retry}`);
}

/** `logger` passing on only what is at `level` or above; one that drops everything for "off". */
export function atLevel(logger: ThuliumLogger, level: LogLevel): ThuliumLogger {
  const from = LOG_LEVELS.indexOf(level);
  if (from === 0) return logger;
  const quiet = () => undefined;
  const pick = (name: Level) => (LOG_LEVELS.indexOf(name) >= from ? (event: AttemptEvent, message: string) => logger[name](event, message) : quiet);
  return { debug: pick("debug"), info: pick("info"), warn: pick("warn"), error: pick("error") };
}

/** The built-in logger of `logLevel` / THULIUM_LOG: one line per event on stderr (the console where there is none). */
export function stderrLogger(): ThuliumLogger {
  const stderr = (globalThis as { process?: { stderr?: { write?: (text: string) => unknown } } }).process?.stderr;
  // An attempt as its line; a response warning (which has no attempt of its own) as its message.
  const line = (event: AttemptEvent, message: string) =>
    `thulium-chat-client: ${event.responseProblem === undefined ? attemptLine(event) : printableLine(message)}`;
  if (typeof stderr?.write === "function") {
    const write = (event: AttemptEvent, message: string) => void stderr.write?.(`${line(event, message)}\n`);
    return { debug: write, info: write, warn: write, error: write };
  }
  // Browsers and Workers: their console is where logs go (never console.debug on Node: it writes to stdout).
  return {
    debug: (event, message) => console.debug(line(event, message)),
    info: (event, message) => console.info(line(event, message)),
    warn: (event, message) => console.warn(line(event, message)),
    error: (event, message) => console.error(line(event, message)),
  };
}
