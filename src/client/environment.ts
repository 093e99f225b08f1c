/**
 * The environment variables behind the connection options and the log level,
 * the one place their names are spelt: `createThuliumClient` reads them for an option left
 * out, the CLI under its flags; `createCoreClient` never does, so they stay
 * out of its bundles. Read only where the runtime has `process.env` (Node,
 * Bun, Deno); Cloudflare Workers without nodejs_compat have none.
 */

import { ThuliumInputError } from "../errors/thulium-errors.js";
import { printableLine } from "../text/printable-line.js";
import { LOG_LEVELS, type LogLevel } from "./log-level.js";
import type { ThuliumClientOptions } from "./options.js";

export const ENV_NAMES = {
  system: "THULIUM_SYSTEM",
  baseUrl: "THULIUM_BASE_URL",
  username: "THULIUM_USER",
  password: "THULIUM_PASSWORD",
  logLevel: "THULIUM_LOG",
} as const;

export type Env = Readonly<Record<string, string | undefined>>;

/** A variable's value, or why it could not be read; an empty one counts as unset. */
export interface Variable {
  readonly value?: string;
  readonly unreadable?: string;
}

/** The runtime's `process.env`, looked up when asked: nothing Node-only is touched at import. */
export function processEnv(): Env | undefined {
  return (globalThis as { process?: { env?: Env } }).process?.env;
}

export function readVariable(name: string, env: Env | undefined): Variable {
  if (env === undefined) return { unreadable: "this runtime has no process.env" };
  try {
    const value = env[name];
    return value === undefined || value === "" ? {} : { value };
  } catch (err) {
    // Deno without --allow-env throws rather than answer.
    return { unreadable: printableLine(String((err as Error | undefined)?.message ?? err), 200) };
  }
}

/** The connection settings as given: the library's options, or the CLI's flags. */
export type ConnectionSettings = Pick<ThuliumClientOptions, "system" | "baseUrl" | "username" | "password">;

/** Each connection setting with where it came from read: its value, or why the environment could not say. */
export interface Connection {
  readonly system: Variable;
  readonly baseUrl: Variable;
  readonly username: Variable;
  readonly password: Variable;
  /** A system or base URL was given, rather than read from the environment. */
  readonly targetGiven: boolean;
}

/**
 * The one rule of `createThuliumClient` and the CLI for where the connection settings come from: a setting
 * given wins over its variable, and a system or base URL given overrides both variables, so that a stale one
 * cannot conflict. What is still missing, or set twice, each caller says in its own terms (options or flags).
 */
export function resolveConnection(given: ConnectionSettings, env: Env | undefined): Connection {
  const targetGiven = given.system !== undefined || given.baseUrl !== undefined;
  const read = (name: keyof ConnectionSettings, fromGiven: boolean): Variable => (fromGiven ? { value: given[name] } : readVariable(ENV_NAMES[name], env));
  return {
    system: read("system", targetGiven),
    baseUrl: read("baseUrl", targetGiven),
    username: read("username", given.username !== undefined),
    password: read("password", given.password !== undefined),
    targetGiven,
  };
}

/**
 * `options` with the connection settings it leaves out read from the environment, refused where
 * neither has one, naming the option and the variable. An option given is kept as it is, to be checked.
 */
export function withEnvironment(options: ThuliumClientOptions): ThuliumClientOptions {
  const env = processEnv();
  const connection = resolveConnection(options, env);
  const logLevel = options.logLevel ?? logLevelVariable(env);
  return {
    ...options,
    username: required(connection, "username"),
    password: required(connection, "password"),
    ...target(connection),
    ...(logLevel === undefined ? {} : { logLevel }),
  };
}

function required(connection: Connection, name: "username" | "password"): string {
  const setting = connection[name];
  if (setting.value !== undefined) return setting.value;
  throw new ThuliumInputError(`${name} is required: ${howToGive(`the ${name} option`, [ENV_NAMES[name]], setting)}`, name);
}

/** THULIUM_LOG, checked here so that a bad value names the variable. */
function logLevelVariable(env: Env | undefined): LogLevel | undefined {
  const { value } = readVariable(ENV_NAMES.logLevel, env);
  if (value === undefined || LOG_LEVELS.includes(value as LogLevel)) return value as LogLevel | undefined;
  throw new ThuliumInputError(`${ENV_NAMES.logLevel} must be one of ${LOG_LEVELS.join(", ")}, got ${JSON.stringify(printableLine(value, 40))}`, "logLevel");
}

/** `system` or `baseUrl`: as given (both given is refused with the other options), else from exactly one variable. */
function target({ system, baseUrl, targetGiven }: Connection): Pick<ThuliumClientOptions, "system" | "baseUrl"> {
  if (!targetGiven && system.value !== undefined && baseUrl.value !== undefined) {
    throw new ThuliumInputError(`${ENV_NAMES.system} and ${ENV_NAMES.baseUrl} are both set; unset one, or pass the system or baseUrl option`, "system");
  }
  if (system.value === undefined && baseUrl.value === undefined) {
    const names = [ENV_NAMES.system, ENV_NAMES.baseUrl];
    throw new ThuliumInputError(`system or baseUrl is required: ${howToGive("the system or baseUrl option", names, system)}`, "system");
  }
  return { system: system.value, baseUrl: baseUrl.value };
}

/** What to do about a setting given neither as an option nor in the environment, or why the environment was not read. */
function howToGive(option: string, variables: readonly string[], variable: Variable): string {
  const names = variables.join(" or ");
  return variable.unreadable === undefined ? `pass ${option}, or set ${names}` : `pass ${option} (${names} cannot be read here: ${variable.unreadable})`;
}
