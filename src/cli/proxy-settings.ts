/**
 * The proxy the environment names for the CLI's calls, read as curl reads it: `https_proxy` or
 * `HTTPS_PROXY` for https URLs (every Thulium system), `http_proxy` or `HTTP_PROXY` for http ones (a local
 * mock), the lower-case name first; `no_proxy` or `NO_PROXY` for the hosts reached directly. An empty
 * variable counts as unset; a value without a scheme (`proxy:3128`) is http://. Of a proxy URL only its host
 * and port are ever printed, never the credentials it may hold.
 */
import type { Env } from "../client/environment.js";
import { UsageError } from "./failure.js";

export interface ProxySetting {
  /** The variable it came from, spelt as set: `HTTPS_PROXY`, `https_proxy`, … */
  readonly variable: string;
  readonly url: URL;
  /** `host:port`: what messages name, without the credentials. */
  readonly label: string;
  /** NO_PROXY's value: host names, domains (`.example.com`), `host:port` entries, or `*`. */
  readonly noProxy: string | undefined;
}

const NAMES = { "https:": ["https_proxy", "HTTPS_PROXY"], "http:": ["http_proxy", "HTTP_PROXY"] } as const;

/** The proxy for URLs of `protocol` (`https:` or `http:`), or `undefined` when none is set (NO_PROXY alone changes nothing). */
export function proxyFor(env: Env, protocol: string): ProxySetting | undefined {
  const variable = firstSet(env, protocol === "https:" ? NAMES["https:"] : NAMES["http:"]);
  if (variable === undefined) return undefined;
  const url = proxyUrl(variable, (env[variable] as string).trim());
  const noProxy = firstSet(env, ["no_proxy", "NO_PROXY"]);
  return { variable, url, label: `${url.hostname}:${url.port || (url.protocol === "https:" ? "443" : "80")}`, noProxy: noProxy && env[noProxy] };
}

/**
 * The proxy variable set for http URLs alone when the calls are https (HTTP_PROXY without HTTPS_PROXY), which
 * curl, Bun and Deno leave unused for https and so does the CLI: for `--verbose` to say so.
 */
export function unusedProxyVariable(env: Env, protocol: string): string | undefined {
  return protocol === "https:" && firstSet(env, NAMES["https:"]) === undefined ? firstSet(env, NAMES["http:"]) : undefined;
}

function firstSet(env: Env, names: readonly string[]): string | undefined {
  return names.find((name) => env[name] !== undefined && env[name] !== "");
}

function proxyUrl(variable: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    // The value is not repeated: it may hold a password.
    throw new UsageError(
      `${variable} is not a proxy URL: give one such as http://proxy.example:3128, with credentials http://user:password@proxy.example:3128`,
    );
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") {
    throw new UsageError(`${variable} must be an http:// or https:// proxy URL, such as http://proxy.example:3128`);
  }
  return url;
}
