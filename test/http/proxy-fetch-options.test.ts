/**
 * One client through a proxy by the ways that rest on the request path the lead engineer is changing
 * (docs/guides/proxies.md, "One client through a proxy"): a `fetchOptions: { dispatcher }` client option,
 * merged into the init of every fetch call; and undici's own fetch as the `fetch` option with middleware in
 * use and under `thulium.api`, which undici's fetch can serve only once the client hands it no Request made
 * by Node's own fetch. Each in a process of its own (proxy-client.ts), as in proxy.test.ts.
 */
import { afterAll, describe, expect, it } from "vitest";
import { MIDDLEWARE_HEADER, type Way } from "./proxy-client.js";
import { type FakeThulium, makeTestCa, startFakeThulium, startTestProxy, type TestProxy } from "./proxy-servers.js";
import { callThrough } from "./run-proxy-client.js";

const ca = makeTestCa();
const open: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  ca.remove();
});

async function throughProxy(way: Way): Promise<{ thulium: FakeThulium; proxy: TestProxy; result: unknown }> {
  const thulium = await startFakeThulium(ca);
  const proxy = await startTestProxy();
  open.push(thulium, proxy);
  // TEST_PROXY_URL is read by proxy-client.ts alone: no proxy variable is set for Node or undici to find.
  const result = await callThrough(ca, thulium, way, { TEST_PROXY_URL: proxy.url() });
  return { thulium, proxy, result };
}

describe.concurrent("one client through a proxy, by the request path's options", () => {
  it("fetchOptions: { dispatcher: new ProxyAgent(url) } sends every call of the client through the proxy", async () => {
    const { thulium, proxy, result } = await throughProxy("fetch-options");
    expect(result).toEqual({ ok: true, result: [] });
    expect(proxy.connects.length).toBeGreaterThanOrEqual(1);
    expect(new Set(proxy.connects)).toEqual(new Set([thulium.host]));
    expect(thulium.requests).toEqual(["/api/chats/queues"]);
  });

  it("undici's fetch with a ProxyAgent as the fetch option works with middleware in use", async () => {
    const { thulium, proxy, result } = await throughProxy("fetch-option-middleware");
    expect(result).toEqual({ ok: true, result: [] });
    expect(proxy.connects.length).toBeGreaterThanOrEqual(1);
    expect(thulium.requests).toEqual(["/api/chats/queues"]);
    expect(thulium.headers[0]?.[MIDDLEWARE_HEADER]).toBe("1");
  });

  it("undici's fetch with a ProxyAgent as the fetch option works under thulium.api", async () => {
    const { thulium, proxy, result } = await throughProxy("api");
    expect(result).toEqual({ ok: true, result: [] });
    expect(proxy.connects.length).toBeGreaterThanOrEqual(1);
    expect(thulium.requests).toEqual(["/api/chats/queues"]);
  });
});
