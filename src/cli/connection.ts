/**
 * Connection settings from flags, else the environment; the password only
 * from THULIUM_PASSWORD or stdin, never from a flag that would land in shell
 * history or `ps`.
 */
import type { Readable } from "node:stream";
import type { ThuliumClientOptions } from "../client/create-client.js";
import { ENV_NAMES, type Env, readVariable, resolveConnection } from "../client/environment.js";
import { LOG_LEVELS, type LogLevel } from "../client/log-level.js";
import { chooseTarget } from "../client/options.js";
import type { ThuliumLogger } from "../http/types.js";
import { printableLine } from "../text/printable-line.js";
import { UsageError } from "./failure.js";
import type { GlobalValues } from "./flags.js";
import { readAtMost } from "./stdin.js";

const PASSWORD_HINT =
  "set THULIUM_PASSWORD in the environment, or pipe it in with --password-stdin (e.g. `pass show thulium | thulium-chat … --password-stdin`)";

/** Refuses `--password` anywhere before `--`: the value would be in shell history. */
export function refusePasswordFlag(argv: readonly string[]): void {
  for (const arg of argv) {
    if (arg === "--") return;
    if (arg === "--password" || arg.startsWith("--password=") || arg === "-p" || (arg.startsWith("-p") && !arg.startsWith("--"))) {
      throw new UsageError(`refusing a password on the command line: it would be kept in shell history and visible in ps; ${PASSWORD_HINT}`);
    }
  }
}

export async function clientOptions(global: GlobalValues, env: Env, stdin: Readable, logger: ThuliumLogger | undefined): Promise<ThuliumClientOptions> {
  // The library's rule of which wins, in the CLI's words: a flag for either target overrides both variables.
  const password = global["password-stdin"] ? await readSecret(stdin, "--password-stdin") : undefined;
  const connection = resolveConnection({ system: global.system, baseUrl: global["base-url"], username: global.user, password }, env);
  const system = connection.system.value;
  const baseUrl = connection.baseUrl.value;
  const target = chooseTarget(system, baseUrl);
  if (target === "neither") {
    throw new UsageError("no Thulium system given: set THULIUM_SYSTEM (or --system NAME), or THULIUM_BASE_URL (or --base-url URL)");
  }
  if (target === "both") {
    throw new UsageError(
      connection.targetGiven
        ? "give --system or --base-url, not both"
        : "THULIUM_SYSTEM and THULIUM_BASE_URL are both set; unset one, or choose with --system or --base-url",
    );
  }
  const username = connection.username.value;
  if (username === undefined) throw new UsageError("no user given: set THULIUM_USER or pass --user LOGIN");
  if (connection.password.value === undefined) throw new UsageError(`no password given: ${PASSWORD_HINT}`);

  const options: ThuliumClientOptions = { username, password: connection.password.value, logger };
  if (target === "system") options.system = system;
  else options.baseUrl = baseUrl;
  if (global["timeout-ms"] !== undefined) options.timeoutMs = wholeNumber(global["timeout-ms"], "--timeout-ms");
  if (global["max-retries"] !== undefined) options.maxRetries = wholeNumber(global["max-retries"], "--max-retries");
  if (global["accept-language"] !== undefined) options.acceptLanguage = global["accept-language"];
  if (global["allow-insecure-http"]) options.allowInsecureHttp = true;
  return options;
}

/**
 * What the client logs: `--verbose` is THULIUM_LOG=debug; undefined when neither asks for a log. Read here,
 * not by the library (the CLI gives it every option): the CLI's own logger writes the lines.
 */
export function logLevelOf(global: GlobalValues, env: Env): LogLevel | undefined {
  if (global.verbose) return "debug";
  const level = readVariable(ENV_NAMES.logLevel, env).value;
  if (level === undefined || LOG_LEVELS.includes(level as LogLevel)) return level as LogLevel | undefined;
  throw new UsageError(`${ENV_NAMES.logLevel} must be one of ${LOG_LEVELS.join(", ")}, got ${JSON.stringify(printableLine(level, 40))}`);
}

/** The flag or variable to name when the client rejects one of its options. */
export const optionSource: Readonly<Record<string, string>> = {
  system: "--system / THULIUM_SYSTEM",
  baseUrl: "--base-url / THULIUM_BASE_URL",
  username: "--user / THULIUM_USER",
  password: "THULIUM_PASSWORD / --password-stdin",
  timeoutMs: "--timeout-ms",
  maxRetries: "--max-retries",
};

export function wholeNumber(raw: string, flag: string): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(`${flag} must be a whole number, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

/**
 * The most read from stdin as a secret. A password is short, and Basic credentials of more than a few
 * KiB overflow the header limits of common servers (nginx takes 8 KiB): anything longer was piped in
 * by mistake (a file, a log), and reading on would hold all of it in memory.
 */
export const MAX_SECRET_BYTES = 4096;

/** A password piped in for `flag` (`--password-stdin`, `--auth-password-stdin`): all of stdin, one line. */
export async function readSecret(stdin: Readable, flag: string): Promise<string> {
  // Room for the line's end after the longest password.
  const read = await readAtMost(stdin, MAX_SECRET_BYTES + 2);
  const password = read?.toString("utf8").replace(/\r?\n$/, "");
  if (password === undefined || Buffer.byteLength(password) > MAX_SECRET_BYTES) {
    throw new UsageError(`${flag}: stdin holds more than ${MAX_SECRET_BYTES} bytes, which is no password; pipe the password alone, one line`);
  }
  if (password === "") throw new UsageError(`${flag}: stdin was empty; pipe the password in, one line`);
  if (/[\r\n]/.test(password)) throw new UsageError(`${flag}: stdin holds more than one line; pipe the password alone`);
  return password;
}
