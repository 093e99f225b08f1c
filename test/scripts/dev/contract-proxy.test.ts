/**
 * `npm run contract:proxy -- <upstream-url>`, run as a user runs it, between the
 * client and a local stand-in for Thulium: one that keeps to the spec (no
 * violation, exit 0) and one that breaks it (each break named with its
 * operation, exit 1).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../../scripts/dev/prism.js";
import { createThuliumClient, ThuliumApiError } from "../../../src/index.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
/**
 * As `npm run contract:proxy` runs it: one process, `node --import tsx`. Under tsx's CLI, a second process,
 * the signal reached the script only if it confirmed it within 30 ms; on a loaded machine it was killed
 * before printing its summary.
 */
const SCRIPT = ["--import", "tsx", "scripts/dev/contract-proxy.ts"];
const CONVERSATION_ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
/** One answer per operation; what the stand-in for Thulium sends. */
type Upstream = Record<string, Handler>;

function json(status: number, body: unknown): Handler {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
}
const empty =
  (status: number): Handler =>
  (_req, res) => {
    res.writeHead(status);
    res.end();
  };

/** Thulium as the spec describes it. */
const conforming: Upstream = {
  stopChatConversation: empty(204),
  startChatConversation: json(200, { conversation_id: CONVERSATION_ID }),
};
/** Thulium breaking the spec; each entry must be reported, with its operation named. */
const breaking: Upstream = {
  stopChatConversation: json(200, { stopped: true }),
  // The id is a number where the spec declares a UUID string.
  startChatConversation: json(200, { conversation_id: 5 }),
};

const routes: [string, RegExp, string][] = [
  ["POST", /^\/api\/chat_conversations\/start$/, "startChatConversation"],
  ["POST", /^\/api\/chat_conversations\/[^/]+\/stop$/, "stopChatConversation"],
];

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function startUpstream(upstream: Upstream): Promise<string> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const route = routes.find(([method, pattern]) => method === req.method && pattern.test(path));
    const handler = route && upstream[route[2]];
    if (handler) handler(req, res);
    else json(404, { request_id: "upstream404", errors: [{ message: `no route ${req.method} ${path}`, code: 404 }] })(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/api`;
}

interface Run {
  url: string;
  /** Stops the proxy as Ctrl-C would; resolves to its exit code and everything it printed. */
  stop(): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

async function startProxy(upstreamUrl: string): Promise<Run> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...SCRIPT, upstreamUrl, "--port", String(port)], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off", SCARF_ANALYTICS: "false" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  cleanup.push(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  const deadline = Date.now() + 30_000;
  while (!stdout.includes("contract:proxy listening on")) {
    if (child.exitCode !== null) throw new Error(`contract:proxy exited early (${child.exitCode}):\n${stdout}\n${stderr}`);
    if (Date.now() > deadline) throw new Error(`contract:proxy did not start:\n${stdout}\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      const code = await exited;
      return { code, stdout, stderr };
    },
  };
}

function clientFor(baseUrl: string) {
  return createThuliumClient({ baseUrl, username: "api_user", password: "api_pass", maxRetries: 0 });
}

describe("npm run contract:proxy", () => {
  it("passes a server that keeps to the spec: no violation, exit 0", async () => {
    const proxy = await startProxy(await startUpstream(conforming));
    const client = clientFor(proxy.url);
    await expect(client.stopChatConversation({ id: CONVERSATION_ID })).resolves.toBeUndefined();
    await expect(client.startChatConversation({ chat_queue_id: 3 })).resolves.toEqual({ conversation_id: CONVERSATION_ID });
    const result = await proxy.stop();
    expect(result.stdout).not.toContain("VIOLATION");
    expect(result.stdout).toContain("2 responses checked, 0 violations");
    expect(result.code).toBe(0);
  });

  it("reports each response that breaks the spec, naming the operation, and exits 1", async () => {
    const proxy = await startProxy(await startUpstream(breaking));
    const client = clientFor(proxy.url);
    // The client sees an error instead of the response that broke the spec.
    const error = await client.stopChatConversation({ id: CONVERSATION_ID }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThuliumApiError);
    expect((error as ThuliumApiError).status).toBe(500);
    // A JSON body of the wrong shape: the client gets an error, not a number for an id.
    const started = await client.startChatConversation({ chat_queue_id: 3 }).catch((e: unknown) => e);
    expect(started).toBeInstanceOf(ThuliumApiError);
    expect((started as ThuliumApiError).status).toBe(500);
    const result = await proxy.stop();
    const violations = result.stdout.split("\n").filter((line) => line.startsWith("VIOLATION"));
    expect(violations).toHaveLength(2);
    expect(violations[0]).toBe(
      `VIOLATION stopChatConversation POST /chat_conversations/${CONVERSATION_ID}/stop -> 200: response.body: the spec declares no body for 200, but 16 bytes came: {"stopped":true}`,
    );
    // Found by Prism, which replaces the answer and so hides the upstream's status: no `-> 200` on this line.
    expect(violations[1]).toMatch(/^VIOLATION startChatConversation POST \/chat_conversations\/start: response\.body\.conversation_id: .*must be string$/);
    expect(result.stdout).toContain("2 responses checked, 2 violations\n");
    expect(result.code).toBe(1);
  });

  it("reports what Prism finds: an error body that is not the spec's ErrorResponse", async () => {
    const proxy = await startProxy(await startUpstream({ stopChatConversation: json(404, { request_id: 5, errors: "none" }) }));
    await expect(clientFor(proxy.url).stopChatConversation({ id: CONVERSATION_ID })).rejects.toMatchObject({ status: 500 });
    const result = await proxy.stop();
    expect(result.stdout).toMatch(
      /^VIOLATION stopChatConversation POST \/chat_conversations\/\S+\/stop: response\.body\.request_id: .*string.*; response\.body\.errors: .*array/m,
    );
    expect(result.code).toBe(1);
  });

  it("reports a status the operation does not declare: a 2xx (found by Prism) and a 4xx (found by the proxy)", async () => {
    const statuses = [202, 418];
    const proxy = await startProxy(await startUpstream({ stopChatConversation: (req, res) => empty(statuses.shift() ?? 204)(req, res) }));
    const client = clientFor(proxy.url);
    await expect(client.stopChatConversation({ id: CONVERSATION_ID })).rejects.toMatchObject({ status: 500 });
    await expect(client.stopChatConversation({ id: CONVERSATION_ID })).rejects.toMatchObject({ status: 500 });
    const result = await proxy.stop();
    const violations = result.stdout.split("\n").filter((line) => line.startsWith("VIOLATION"));
    expect(violations).toHaveLength(2);
    expect(violations[0]).toMatch(/^VIOLATION stopChatConversation POST \/chat_conversations\/\S+\/stop: response: Unable to match the returned status code/);
    expect(violations[1]).toMatch(
      /^VIOLATION stopChatConversation POST \/chat_conversations\/\S+\/stop -> 418: response\.status: 418 is not a status the spec declares/,
    );
    expect(result.code).toBe(1);
  });

  it("refuses an upstream URL with credentials, without echoing them", async () => {
    const child = spawn(process.execPath, [...SCRIPT, "https://user:s3cret@example.thulium.com/api"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(out).toContain("must not contain credentials");
    expect(out).not.toContain("s3cret");
  });
});
