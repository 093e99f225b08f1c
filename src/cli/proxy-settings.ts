/**
 * The proxy the environment names, read as curl and Node read it: `https_proxy` or `HTTPS_PROXY` for https
 * URLs; `http_proxy` or `HTTP_PROXY` for http ones, and for https ones too when no HTTPS_PROXY is set (as
 * Node's NODE_USE_ENV_PROXY and undici do); the lower-case name first; `no_proxy` or `NO_PROXY` for the hosts
 * reached directly. An empty variable counts as unset; a value without a scheme (`proxy:3128`) is http://,
 * as for curl. Of a proxy URL only its host and port are ever printed, never the credentials it may hold.
 */
import type { Env } from "../client/environment.js";
import { UsageError } from "./failure.js";

export interface NamedProxy {
  /** The variable it came from, spelt as set: `HTTPS_PROXY`, `https_proxy`, … */
  readonly variable: string;
  readonly url: URL;
  /** `host:port`: what messages name, without the credentials. */
  readonly label: string;
}

export interface ProxySettings {
  readonly http: NamedProxy | undefined;
  readonly https: NamedProxy | undefined;
  /** NO_PROXY's value: host names, domains (`.example.com`), `host:port` entries, or `*`. */
  readonly noProxy: string | undefined;
}

/** The proxies the environment names, or `undefined` when it names none (NO_PROXY alone changes nothing). */
export function proxySettings(env: Env): ProxySettings | undefined {
  const http = proxyFrom(env, "http_proxy", "HTTP_PROXY");
  const https = proxyFrom(env, "https_proxy", "HTTPS_PROXY") ?? http;
  if (https === undefined) return undefined;
  const noProxy = firstSet(env, "no_proxy", "NO_PROXY");
  return { http, https, noProxy: noProxy && env[noProxy] };
}

/** The proxy a request to `url` goes through unless NO_PROXY names its host. */
export function proxyFor(settings: ProxySettings, url: URL): NamedProxy | undefined {
  return url.protocol === "https:" ? settings.https : settings.http;
}

function firstSet(env: Env, ...names: string[]): string | undefined {
  return names.find((name) => env[name] !== undefined && env[name] !== "");
}

function proxyFrom(env: Env, ...names: string[]): NamedProxy | undefined {
  const variable = firstSet(env, ...names);
  if (variable === undefined) return undefined;
  const value = (env[variable] as string).trim();
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
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return { variable, url, label: `${url.hostname}:${port}` };
}
