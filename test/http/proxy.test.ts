/**
 * The library behind a forward proxy, each way docs/guides/proxies.md gives for Node, in a process of its own
 * (proxy-client.ts), to a fake Thulium over HTTPS trusted through NODE_EXTRA_CA_CERTS; the proxy counts each
 * CONNECT and the server each request. The way for this Node is picked by its version: Node's own
 * NODE_USE_ENV_PROXY from 24.0 and 22.21 (`.ci/run` reruns this file under Node 22 and 24), undici's
 * dispatcher before that (Node 20, in `npm test`). Each case has its own proxy and server, so they run at once.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { Way } from "./proxy-client.js";
import { type FakeThulium, makeTestCa, startFakeThulium, startTestProxy, type TestProxy } from "./proxy-servers.js";
import { callThrough as runProxyClient } from "./run-proxy-client.js";

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
/** Node's own proxy support for fetch: NODE_USE_ENV_PROXY, added in Node 24.0.0 and 22.21.0. */
const nodeReadsProxyVariables = major >= 24 || (major === 22 && minor >= 21);

const ca = makeTestCa();
const open: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  ca.remove();
});

const USERINFO = `proxy-user:${encodeURIComponent("s3cret p@ss")}`;

async function servers(credentials?: string): Promise<{ thulium: FakeThulium; proxy: TestProxy }> {
  const thulium = await startFakeThulium(ca);
  const proxy = await startTestProxy(credentials);
  open.push(thulium, proxy);
  return { thulium, proxy };
}

const callThrough = (thulium: FakeThulium, way: Way, env: Record<string, string>) => runProxyClient(ca, thulium, way, env);

describe.concurrent(`the library behind a proxy, on Node ${process.versions.node}`, () => {
  it(`NODE_USE_ENV_PROXY=1 sends through HTTPS_PROXY ${nodeReadsProxyVariables ? "on this Node (24.0+, 22.21+)" : "only from Node 24.0 and 22.21: this one goes direct"}`, async () => {
    const { thulium, proxy } = await servers("proxy-user:s3cret p@ss");
    const result = await callThrough(thulium, "node-env", { NODE_USE_ENV_PROXY: "1", HTTPS_PROXY: proxy.url(USERINFO) });
    expect(result).toEqual({ ok: true, result: [] });
    expect(thulium.requests).toEqual(["/api/chats/queues"]);
    if (nodeReadsProxyVariables) {
      expect(proxy.connects.length).toBeGreaterThanOrEqual(1);
      expect(new Set(proxy.connects)).toEqual(new Set([thulium.host]));
      expect(new Set(proxy.credentials)).toEqual(new Set(["proxy-user:s3cret p@ss"]));
    } else {
      // Why Node 20 needs undici's dispatcher (below): its fetch ignores the variables.
      expect(proxy.connects).toEqual([]);
    }
  });

  it("NODE_USE_ENV_PROXY=1 goes direct to a host NO_PROXY names", async () => {
    const { thulium, proxy } = await servers();
    const result = await callThrough(thulium, "node-env", { NODE_USE_ENV_PROXY: "1", HTTPS_PROXY: proxy.url(), NO_PROXY: "localhost,127.0.0.1" });
    expect(result).toEqual({ ok: true, result: [] });
    expect(proxy.connects).toEqual([]);
    expect(thulium.requests).toHaveLength(1);
  });

  it("undici's EnvHttpProxyAgent as the global dispatcher sends through HTTPS_PROXY, with its credentials, on every Node", async () => {
    const { thulium, proxy } = await servers("proxy-user:s3cret p@ss");
    const result = await callThrough(thulium, "global-dispatcher", { HTTPS_PROXY: proxy.url(USERINFO) });
    expect(result).toEqual({ ok: true, result: [] });
    expect(proxy.connects.length).toBeGreaterThanOrEqual(1);
    expect(new Set(proxy.connects)).toEqual(new Set([thulium.host]));
    expect(new Set(proxy.credentials)).toEqual(new Set(["proxy-user:s3cret p@ss"]));
    expect(thulium.requests).toEqual(["/api/chats/queues"]);
  });

  it("undici's EnvHttpProxyAgent goes direct to a host NO_PROXY names", async () => {
    const { thulium, proxy } = await servers();
    const result = await callThrough(thulium, "global-dispatcher", { https_proxy: proxy.url(), no_proxy: "127.0.0.1" });
    expect(result).toEqual({ ok: true, result: [] });
    expect(proxy.connects).toEqual([]);
    expect(thulium.requests).toHaveLength(1);
  });

  it("one client through a proxy: the fetch option with undici's fetch and a ProxyAgent", async () => {
    const { thulium, proxy } = await servers();
    const result = await callThrough(thulium, "fetch-option", { TEST_PROXY_URL: proxy.url() });
    expect(result).toEqual({ ok: true, result: [] });
    expect(proxy.connects.length).toBeGreaterThanOrEqual(1);
    expect(thulium.requests).toEqual(["/api/chats/queues"]);
  });

  it("a proxy that refuses the tunnel is a ThuliumConnectionError, with nothing sent to Thulium", async () => {
    const { thulium, proxy } = await servers("proxy-user:other");
    const result = await callThrough(thulium, "global-dispatcher", { HTTPS_PROXY: proxy.url(USERINFO) });
    expect(result.ok).toBe(false);
    expect(result.name).toBe("ThuliumConnectionError");
    expect(result.message).toBe("listChatQueues could not reach Thulium: UND_ERR_ABORTED Proxy response (407) !== 200 when HTTP Tunneling (attempt 1)");
    expect(result.message).not.toContain("s3cret");
    expect(thulium.requests).toEqual([]);
  });
});
