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

/**
 * `options` with the connection settings it leaves out read from the environment, refused where
 * neither has one, naming the option and the variable. An option given is kept as it is, to be checked.
 */
export function withEnvironment(options: ThuliumClientOptions): ThuliumClientOptions {
  const env = processEnv();
  const logLevel = options.logLevel ?? logLevelVariable(env);
  return {
    ...options,
    username: optionOrVariable(options, "username", env),
    password: optionOrVariable(options, "password", env),
    ...target(options, env),
    ...(logLevel === undefined ? {} : { logLevel }),
  };
}

function optionOrVariable(options: ThuliumClientOptions, name: "username" | "password", env: Env | undefined): string | undefined {
  if (options[name] !== undefined) return options[name];
  const variable = readVariable(ENV_NAMES[name], env);
  if (variable.value !== undefined) return variable.value;
  throw new ThuliumInputError(`${name} is required: ${howToGive(`the ${name} option`, [ENV_NAMES[name]], variable)}`, name);
}

/** THULIUM_LOG, checked here so that a bad value names the variable. */
function logLevelVariable(env: Env | undefined): LogLevel | undefined {
  const { value } = readVariable(ENV_NAMES.logLevel, env);
  if (value === undefined || LOG_LEVELS.includes(value as LogLevel)) return value as LogLevel | undefined;
  throw new ThuliumInputError(`${ENV_NAMES.logLevel} must be one of ${LOG_LEVELS.join(", ")}, got ${JSON.stringify(printableLine(value, 40))}`, "logLevel");
}

/** `system` or `baseUrl` as given; when both are left out, from THULIUM_SYSTEM or THULIUM_BASE_URL. */
function target(options: ThuliumClientOptions, env: Env | undefined): Pick<ThuliumClientOptions, "system" | "baseUrl"> {
  // An option for either target overrides both variables, so a stale one cannot conflict (as in the CLI).
  if (options.system !== undefined || options.baseUrl !== undefined) return { system: options.system, baseUrl: options.baseUrl };
  const system = readVariable(ENV_NAMES.system, env);
  const baseUrl = readVariable(ENV_NAMES.baseUrl, env);
  if (system.value !== undefined && baseUrl.value !== undefined) {
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
