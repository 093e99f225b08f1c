/**
 * One `listChatQueues` call of the library through a proxy, set up the way docs/guides/proxies.md gives for
 * `process.argv[2]`, in a process of its own: Node reads NODE_USE_ENV_PROXY and the proxy variables at
 * start-up, and a global dispatcher is the whole process's. The client's settings come from THULIUM_BASE_URL,
 * THULIUM_USER and THULIUM_PASSWORD; a per-client proxy from TEST_PROXY_URL, which nothing else reads.
 * Prints one JSON line: the result, or the error's name and message.
 */
import { pathToFileURL } from "node:url";
import { createThuliumClient, type ThuliumClientOptions } from "../../src/index.js";

export const WAYS = ["node-env", "global-dispatcher", "fetch-option", "fetch-options", "fetch-option-middleware", "api"] as const;
export type Way = (typeof WAYS)[number];
/** The header the middleware of `fetch-option-middleware` adds, which the server must receive. */
export const MIDDLEWARE_HEADER = "x-proxy-test";

async function call(way: Way): Promise<unknown> {
  const options: ThuliumClientOptions = { maxRetries: 0 };
  const proxyUrl = process.env.TEST_PROXY_URL ?? "";
  if (way === "global-dispatcher") {
    const { EnvHttpProxyAgent, setGlobalDispatcher } = await import("undici");
    setGlobalDispatcher(new EnvHttpProxyAgent());
  }
  if (way === "fetch-options") {
    const { ProxyAgent } = await import("undici");
    // The lead's `fetchOptions`, merged into the init of every fetch call (a variable, so that this file
    // type-checks whatever its declared type).
    const perClient = { ...options, fetchOptions: { dispatcher: new ProxyAgent(proxyUrl) } };
    return createThuliumClient(perClient).listChatQueues();
  }
  if (way === "fetch-option" || way === "fetch-option-middleware" || way === "api") {
    const { fetch: undiciFetch, ProxyAgent } = await import("undici");
    const dispatcher = new ProxyAgent(proxyUrl);
    // undici's Request and Response types are its own, not the DOM's that `fetch` is declared with.
    options.fetch = ((input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
      undiciFetch(input, { ...init, dispatcher })) as unknown as typeof fetch;
  }
  const thulium = createThuliumClient(options);
  if (way === "fetch-option-middleware") {
    thulium.use({
      onRequest({ request }) {
        request.headers.set(MIDDLEWARE_HEADER, "1");
        return request;
      },
    });
  }
  if (way === "api") {
    const { data, error } = await thulium.api.GET("/chats/queues");
    if (error !== undefined) throw new Error(`api: ${JSON.stringify(error)}`);
    return data;
  }
  return thulium.listChatQueues();
}

const way = process.argv[2] as Way;
// Run as a program, not imported for its names.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    console.log(JSON.stringify({ ok: true, result: await call(way) }));
  } catch (err) {
    console.log(JSON.stringify({ ok: false, name: (err as Error).name, message: (err as Error).message }));
  }
}
