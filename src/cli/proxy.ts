/**
 * The CLI's calls through the proxy the environment names (proxy-settings.ts). Node's own fetch goes
 * direct whatever HTTPS_PROXY says, and its NODE_USE_ENV_PROXY (Node 24, 22.21) is read only at start-up
 * and called experimental on Node 22; so undici's EnvHttpProxyAgent becomes the process's dispatcher, which
 * Node's fetch uses on every Node that `engines` admits. Loaded only when a proxy variable is set, so that
 * `--help` and the library never load undici.
 */
import { subscribe } from "node:diagnostics_channel";
import { STATUS_CODES } from "node:http";
import { EnvHttpProxyAgent, setGlobalDispatcher } from "undici";
import type { ProxySetting } from "./proxy-settings.js";

/** A proxy that could not be reached or refused the tunnel; `code` is the socket's, for the retry decision. */
class ProxyError extends Error {
  override name = "ProxyError";
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * Installs the dispatcher and returns the `fetch` for the client: Node's own, whose failures at the proxy
 * name it (host:port) and the variable it came from. `note` (`--verbose`) is told once that a call went
 * through the proxy.
 */
export function fetchThroughProxy(proxy: ProxySetting, note?: (line: string) => void): typeof fetch {
  // The CLI calls one origin, whose protocol chose the proxy: the same one serves either protocol here.
  const { href, host, protocol, origin } = proxy.url;
  setGlobalDispatcher(new EnvHttpProxyAgent({ httpProxy: href, httpsProxy: href, noProxy: proxy.noProxy ?? "" }));
  // undici reports each failed connection with the socket's error, the same object fetch's error wraps.
  const failedConnects = new WeakSet<object>();
  subscribe("undici:client:connectError", (message) => {
    const { connectParams, error } = message as { connectParams: { host: string; protocol: string }; error: unknown };
    if (connectParams.host === host && connectParams.protocol === protocol && typeof error === "object" && error !== null) failedConnects.add(error);
  });
  if (note) {
    let told = false;
    subscribe("undici:proxy:connected", (message) => {
      if (told || (message as { connectParams: { origin: string } }).connectParams.origin !== origin) return;
      told = true;
      note(`thulium-chat: through the proxy ${proxy.label} (from ${proxy.variable})`);
    });
  }
  return (input, init) =>
    globalThis.fetch(input, init).catch((err: unknown) => {
      throw proxyFailure(err, requestUrl(input), proxy, failedConnects) ?? err;
    });
}

/** `err` as a fetch failure whose cause names the proxy, when the proxy is what failed. */
function proxyFailure(err: unknown, url: URL, proxy: ProxySetting, failedConnects: WeakSet<object>): Error | undefined {
  const named = `the proxy ${proxy.label} (from ${proxy.variable})`;
  for (const inner of causes(err)) {
    const { code, message } = inner as { code?: unknown; message?: unknown };
    if (failedConnects.has(inner as object)) {
      const why = typeof code === "string" && !String(message).includes(code) ? `${code} ${message}` : String(message);
      return fetchFailed(new ProxyError(`could not connect to ${named}: ${why}`, typeof code === "string" ? code : undefined));
    }
    const status = /^Proxy response \((\d{3})\) !== 200/.exec(String(message))?.[1];
    if (status) {
      const answer = `${status} ${STATUS_CODES[status] ?? ""}`.trim();
      const hint = status === "407" ? `; check the user and password in ${proxy.variable}` : "";
      return fetchFailed(new ProxyError(`${named} refused the tunnel to ${url.host}: ${answer}${hint}`));
    }
  }
  return undefined;
}

/** Shaped as fetch's own failure, so that the client reads the proxy's error as the root cause. */
function fetchFailed(cause: ProxyError): TypeError {
  return new TypeError("fetch failed", { cause });
}

/** `err` and the errors it wraps, a few levels deep: undici's `cause` chains and a happy-eyeballs AggregateError. */
function causes(err: unknown): unknown[] {
  const found: unknown[] = [];
  const queue = [err];
  while (queue.length > 0 && found.length < 16) {
    const e = queue.shift();
    if (typeof e !== "object" || e === null || found.includes(e)) continue;
    found.push(e);
    const { cause, errors } = e as { cause?: unknown; errors?: unknown };
    queue.push(cause, ...(Array.isArray(errors) ? errors : []));
  }
  return found;
}

function requestUrl(input: string | URL | Request): URL {
  return new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
}
