/**
 * `thulium-chat` behind a forward proxy, as a user runs it: the real CLI process (the proxy variables and the
 * dispatcher are per process), a fake Thulium over HTTPS with a test CA (NODE_EXTRA_CA_CERTS), and a proxy
 * that counts each CONNECT. Each case has its own proxy and server, so the cases run at once.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startFakeThulium as startFaultServer } from "../fake-thulium/server.js";
import { closedPort, type FakeThulium, makeTestCa, startFakeThulium, startTestProxy, type TestProxy } from "../http/proxy-servers.js";
// Spawned, not in-process: NODE_EXTRA_CA_CERTS is read when a process starts.
import { envFor, spawnCli as runCli } from "./run-cli.js";

const ca = makeTestCa();
const open: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  ca.remove();
});

/** Credentials of the proxy: a user and a password with characters that must be percent-encoded in the URL. */
const PROXY_USER = "proxy-user";
const PROXY_PASSWORD = "s3cret p@ss:word";
const USERINFO = `${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}`;

async function servers(credentials?: string): Promise<{ thulium: FakeThulium; proxy: TestProxy }> {
  const thulium = await startFakeThulium(ca);
  const proxy = await startTestProxy(credentials);
  open.push(thulium, proxy);
  return { thulium, proxy };
}

/** `thulium-chat queues` (listChatQueues) against `thulium`, trusting the test CA, with `env` added. */
function queues(thulium: FakeThulium, env: Record<string, string>, flags: string[] = []) {
  return runCli(["queues", "--max-retries", "0", ...flags], { env: envFor(thulium.url, { NODE_EXTRA_CA_CERTS: ca.caFile, ...env }) });
}

/** Nothing the CLI printed holds the proxy's user or password, encoded or not. */
function expectNoCredentials(run: { stdout: string; stderr: string }): void {
  for (const secret of [PROXY_USER, PROXY_PASSWORD, encodeURIComponent(PROXY_PASSWORD), "s3cret"]) {
    expect(run.stdout + run.stderr).not.toContain(secret);
  }
}

describe.concurrent("thulium-chat behind a proxy", () => {
  it("sends through HTTPS_PROXY with its credentials, and --verbose names the proxy's host only", async () => {
    const { thulium, proxy } = await servers(`${PROXY_USER}:${PROXY_PASSWORD}`);
    const run = await queues(thulium, { HTTPS_PROXY: proxy.url(USERINFO) }, ["--verbose"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("(none)\n");
    expect(proxy.connects.length).toBeGreaterThanOrEqual(1);
    expect(new Set(proxy.connects)).toEqual(new Set([thulium.host]));
    expect(new Set(proxy.credentials)).toEqual(new Set([`${PROXY_USER}:${PROXY_PASSWORD}`]));
    expect(thulium.requests).toEqual(["/api/chats/queues"]);
    expect(run.stderr.split("\n")[0]).toBe(`thulium-chat: through the proxy ${proxy.host} (from HTTPS_PROXY)`);
    expectNoCredentials(run);
  });

  it("reads the lower-case https_proxy too, and a host:port without a scheme as http://, as curl does", async () => {
    const { thulium, proxy } = await servers();
    const run = await queues(thulium, { https_proxy: proxy.host });
    expect(run).toEqual({ code: 0, stdout: "(none)\n", stderr: "" });
    expect(proxy.connects).toContain(thulium.host);
    expect(thulium.requests).toHaveLength(1);
  });

  it("takes HTTP_PROXY for http:// URLs only, as curl does, and --verbose says when it is left unused", async () => {
    const { thulium, proxy } = await servers();
    const https = await queues(thulium, { HTTP_PROXY: proxy.url() }, ["--verbose"]);
    expect(https.code, https.stderr).toBe(0);
    expect(https.stderr.split("\n")[0]).toBe("thulium-chat: HTTP_PROXY is not used for https:// URLs, as with curl; set HTTPS_PROXY to send through a proxy");
    expect(proxy.connects).toEqual([]);
    expect(thulium.requests).toHaveLength(1);

    const mock = await startFaultServer(() => ({ status: 200, body: [] }));
    open.push(mock);
    const http = await runCli(["queues", "--max-retries", "0"], { env: envFor(mock.url, { HTTP_PROXY: proxy.url(), HTTPS_PROXY: "http://127.0.0.1:9" }) });
    expect(http).toEqual({ code: 0, stdout: "(none)\n", stderr: "" });
    expect(proxy.connects).toEqual([new URL(mock.url).host]);
    expect(mock.requests).toHaveLength(1);
  });

  it("goes direct to a host NO_PROXY names: the proxy sees no CONNECT", async () => {
    const { thulium, proxy } = await servers();
    const run = await queues(thulium, { HTTPS_PROXY: proxy.url(), NO_PROXY: "example.com, 127.0.0.1" }, ["--verbose"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("(none)\n");
    expect(proxy.connects).toEqual([]);
    expect(thulium.requests).toHaveLength(1);
    expect(run.stderr).not.toContain("proxy");
  });

  it("works the same with Node's own NODE_USE_ENV_PROXY=1 set as well (read by Node 24 and 22.21+)", async () => {
    const { thulium, proxy } = await servers(`${PROXY_USER}:${PROXY_PASSWORD}`);
    const run = await queues(thulium, { HTTPS_PROXY: proxy.url(USERINFO), NODE_USE_ENV_PROXY: "1" });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("(none)\n");
    expect(proxy.connects.length).toBeGreaterThanOrEqual(1);
    expect(thulium.requests).toHaveLength(1);
    expectNoCredentials(run);
  });

  it("a proxy that refuses (407) gives one line naming it and its variable, exit 3, and never the credentials", async () => {
    const { thulium, proxy } = await servers(`${PROXY_USER}:other`);
    const run = await queues(thulium, { HTTPS_PROXY: proxy.url(USERINFO) });
    expect(run).toEqual({
      code: 3,
      stdout: "",
      stderr:
        `thulium-chat: listChatQueues could not reach Thulium: the proxy ${proxy.host} (from HTTPS_PROXY) refused the tunnel to ${thulium.host}: ` +
        "407 Proxy Authentication Required; check the user and password in HTTPS_PROXY (attempt 1)\n",
    });
    expect(proxy.connects).toEqual([thulium.host]);
    expect(thulium.requests).toEqual([]);
    expectNoCredentials(run);
  });

  it("a proxy that cannot be reached gives one line naming it and its variable, exit 3", async () => {
    const { thulium } = await servers();
    const port = await closedPort();
    const run = await queues(thulium, { https_proxy: `http://${USERINFO}@127.0.0.1:${port}` });
    expect(run).toEqual({
      code: 3,
      stdout: "",
      stderr: `thulium-chat: listChatQueues could not reach Thulium: could not connect to the proxy 127.0.0.1:${port} (from https_proxy): connect ECONNREFUSED 127.0.0.1:${port} (attempt 1)\n`,
    });
    expect(thulium.requests).toEqual([]);
  });

  it("refuses a proxy variable that is no proxy URL before sending anything (exit 2), without repeating its value", async () => {
    const { thulium, proxy } = await servers();
    const run = await queues(thulium, { HTTPS_PROXY: `ftp://${USERINFO}@127.0.0.1:21` });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: "thulium-chat: HTTPS_PROXY must be an http:// or https:// proxy URL, such as http://proxy.example:3128\n",
    });
    expect(proxy.connects).toEqual([]);
    expect(thulium.requests).toEqual([]);
  });
});

it("--help loads no undici, even with HTTPS_PROXY set", async () => {
  const dir = mkdtempSync(join(tmpdir(), "thulium-cli-proxy-"));
  try {
    const log = join(dir, "modules.log");
    const run = await runCli(["--help"], {
      env: { MODULE_LOG: log, HTTPS_PROXY: "http://127.0.0.1:9" },
      nodeArgs: ["--import", new URL("./module-recorder.mjs", import.meta.url).href],
    });
    expect(run.code).toBe(0);
    const modules = readFileSync(log, "utf8").split("\n");
    // The recorder sees the CLI itself; otherwise the check below proves nothing.
    expect(modules.some((m) => m.endsWith("/src/cli/main.ts"))).toBe(true);
    expect(modules.filter((m) => m.includes("/node_modules/undici/") || m.endsWith("/src/cli/proxy.ts"))).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
