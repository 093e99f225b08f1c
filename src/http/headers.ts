/**
 * The headers of a request: the client's own (Basic `Authorization`, the
 * default `User-Agent`) and those an app adds. Written with web APIs only
 * (TextEncoder, btoa, navigator), so that it runs wherever `fetch` runs: Node,
 * Bun, Deno, Cloudflare Workers (workerd) without `nodejs_compat`, browsers.
 */

/** The value of an HTTP Basic `Authorization` header; the credentials are encoded as UTF-8. */
export function basicAuthorization(username: string, password: string): string {
  let binary = "";
  // btoa takes one byte per character; a loop, since spreading a long password into fromCharCode could overflow the stack.
  for (const byte of new TextEncoder().encode(`${username}:${password}`)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** Only what is read here; each may be absent, so every read is optional. */
interface RuntimeGlobals {
  Bun?: { version?: string };
  Deno?: { version?: { deno?: string } };
  process?: { versions?: { node?: string } };
  navigator?: { userAgent?: string };
}

/**
 * The runtime and its version for the default User-Agent: `node/20.19.0`, `bun/1.2.0`,
 * `deno/2.1.0`, `workerd`, or else `navigator.userAgent`; undefined when nothing says.
 * Bun and Deno are asked first: both also report a Node version.
 */
export function runtimeName(): string | undefined {
  const g = globalThis as RuntimeGlobals;
  if (typeof g.Bun?.version === "string") return `bun/${g.Bun.version}`;
  if (typeof g.Deno?.version?.deno === "string") return `deno/${g.Deno.version.deno}`;
  const userAgent = g.navigator?.userAgent;
  if (userAgent === "Cloudflare-Workers") return "workerd";
  if (typeof g.process?.versions?.node === "string") return `node/${g.process.versions.node}`;
  return typeof userAgent === "string" && userAgent !== "" ? userAgent : undefined;
}

/** `thulium-chat-client/<version>`, followed by the runtime when it is known. */
export function defaultUserAgent(version: string): string {
  const runtime = runtimeName();
  return runtime === undefined ? `thulium-chat-client/${version}` : `thulium-chat-client/${version} ${runtime}`;
}

/** Headers the client sets itself, from its options and the request: an app's `headers` cannot replace them by accident. */
export const OWN_HEADERS: readonly string[] = ["authorization", "content-type"];
// A header value fetch sends as it is: visible ASCII and Latin-1, spaces and tabs inside.
export const HEADER_VALUE = /^[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?$/;

/** `base` with `extra` over it, a name in `extra` replacing the same name in any case; `base` itself when there is nothing to add. */
export function withHeaders(base: Readonly<Record<string, string>>, extra: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> {
  if (extra === undefined) return base;
  const out: Record<string, string> = {};
  const replaced = new Set(Object.keys(extra).map((name) => name.toLowerCase()));
  for (const name in base) if (!replaced.has(name.toLowerCase())) out[name] = base[name] as string;
  return Object.assign(out, extra);
}
