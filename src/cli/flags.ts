/**
 * The CLI's own flags: those every command takes (connection settings and
 * output), and those of many-value runs and paged lists. An operation
 * parameter whose flag would clash with one of these is left out (see
 * commands.ts), so these names are reserved.
 */
import { ENV_NAMES } from "../client/environment.js";

export interface GlobalOption {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** Placeholder of the value in `--help`. */
  readonly value?: string;
  readonly env?: string;
  readonly help: string;
}

/** The client's default, which a many-value run applies itself (it retries at the run's level). */
export const DEFAULT_MAX_RETRIES = 2;

export const globalOptions = {
  system: { type: "string", value: "NAME", env: ENV_NAMES.system, help: "Thulium system: calls go to https://NAME.thulium.com/api" },
  "base-url": { type: "string", value: "URL", env: ENV_NAMES.baseUrl, help: "instead of --system: the API's base URL, such as a mock's" },
  user: { type: "string", value: "LOGIN", env: ENV_NAMES.username, help: "login of a Thulium API user" },
  "password-stdin": { type: "boolean", env: ENV_NAMES.password, help: "read the password from stdin (it is never taken as a flag)" },
  "timeout-ms": { type: "string", value: "MS", help: "per attempt, until the whole answer is read (default 30000)" },
  "max-retries": { type: "string", value: "N", help: `retries of calls the spec marks safe to repeat (default ${DEFAULT_MAX_RETRIES})` },
  "accept-language": { type: "string", value: "LANG", help: "language of Thulium's error messages: en (default) or pl" },
  "allow-insecure-http": { type: "boolean", help: "allow http:// to a host that is not loopback (sends the password in clear)" },
  json: { type: "boolean", help: "print JSON: one document, or one line per item for --all and many-value runs" },
  verbose: { type: "boolean", help: "log each HTTP attempt to stderr (never a header or the password)" },
  "show-secrets": { type: "boolean", help: "print secrets in clear, such as a webhook subscription's http_auth_password (**** otherwise)" },
  help: { type: "boolean", short: "h", help: "show help" },
  version: { type: "boolean", help: "print the version" },
} as const satisfies Record<string, GlobalOption>;

export type GlobalValues = { -readonly [K in keyof typeof globalOptions]?: (typeof globalOptions)[K]["type"] extends "boolean" ? boolean : string };

/** Options some commands have: many-value runs and paged lists. */
export const commandOptions = {
  concurrency: { type: "string", value: "N", help: "calls at once (default 4); fewer while the server throttles" },
  journal: {
    type: "string",
    value: "FILE",
    help: "append each value's outcome to FILE as a JSON line; run the same command with the same FILE again to skip the values done",
  },
  all: { type: "boolean", help: "every page, one item per line with --json" },
} as const satisfies Record<string, GlobalOption>;

export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 64;

/** Flag names an operation parameter may not take. `password` is refused, never accepted. */
export const reservedFlags: ReadonlySet<string> = new Set([...Object.keys(globalOptions), ...Object.keys(commandOptions), "password"]);
