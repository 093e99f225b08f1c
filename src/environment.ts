/**
 * The environment variables behind the connection options, the one place
 * their names are spelt: `createThuliumClient` reads them for an option left
 * out, the CLI under its flags. Read only where the runtime has `process.env`
 * (Node, Bun, Deno); Cloudflare Workers without nodejs_compat have none.
 */
import { oneLine } from "./errors.js";

export const ENV_NAMES = {
  system: "THULIUM_SYSTEM",
  baseUrl: "THULIUM_BASE_URL",
  username: "THULIUM_USER",
  password: "THULIUM_PASSWORD",
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
    return { unreadable: oneLine(String((err as Error | undefined)?.message ?? err), 200) };
  }
}
