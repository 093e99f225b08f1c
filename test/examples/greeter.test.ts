/**
 * examples/greeter.ts as it runs: a subprocess whose Thulium calls go to the
 * Prism mock (test/prism-mock.ts) through a recorder, driven by a simulated
 * Thulium that POSTs the three chat events with Basic auth. The recorder
 * shows which calls the greeter made and which messages it sent.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, inject, it } from "vitest";
import { loadSpec } from "../contract/spec.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const spec = await loadSpec();
const example = (action: string) => spec.webhooks[action].post.requestBody.content["application/json"].example;
const CREATED = example("CHAT_CONVERSATION_CREATED");
const ASSIGNED = example("CHAT_AGENT_ASSIGNED");
const CLOSED = example("CHAT_CONVERSATION_CLOSED");
const basic = (credentials: string) => `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`;

interface Call {
  method: string;
  path: string;
  body: unknown;
  /** Prism's word on the request and its answer; null when both keep to the spec. */
  violations: string | null;
}

/** Forwards to Prism and records each call; `override` answers a call itself instead. */
async function recorder(
  override?: (method: string, path: string) => { status: number; body: unknown } | undefined,
): Promise<{ url: string; calls: Call[]; server: Server }> {
  const prismUrl = inject("prismUrl");
  const calls: Call[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const method = req.method ?? "";
    const path = req.url ?? "";
    const own = override?.(method, path);
    if (own !== undefined) {
      calls.push({ method, path, body: body ? JSON.parse(body) : undefined, violations: null });
      return void res.writeHead(own.status, { "content-type": "application/json" }).end(JSON.stringify(own.body));
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "host"));
    const answer = await fetch(`${prismUrl}${path}`, { method, headers, body: body || undefined });
    calls.push({ method, path, body: body ? JSON.parse(body) : undefined, violations: answer.headers.get("sl-violations") });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" }).end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, server };
}

const running: { child: ChildProcess; server: Server }[] = [];
afterEach(async () => {
  for (const { child, server } of running.splice(0)) {
    if (child.exitCode === null) child.kill("SIGKILL");
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Starts the greeter against `thuliumUrl`; resolves once it listens, with what it has printed so far. */
async function startGreeter(thuliumUrl: string, server: Server, publicUrl: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "examples/greeter.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      THULIUM_BASE_URL: thuliumUrl,
      THULIUM_USER: "api_user",
      THULIUM_PASSWORD: "api_pass",
      GREETER_PUBLIC_URL: publicUrl,
      GREETER_WEBHOOK_USER: "thulium",
      GREETER_WEBHOOK_PASSWORD: "wh:pa55-wörd",
      GREETER_PORT: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push({ child, server });
  const output = { stdout: "", stderr: "" };
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output.stderr += chunk));
  const deadline = Date.now() + 20_000;
  let url: string | undefined;
  while (!(url = /listening on (http:\/\/\S+)/.exec(output.stdout)?.[1])) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the greeter did not start:\n${output.stdout}${output.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const post = (event: unknown, credentials = "thulium:wh:pa55-wörd") =>
    fetch(`${url}thulium`, { method: "POST", headers: { Authorization: basic(credentials), "Content-Type": "application/json" }, body: JSON.stringify(event) });
  const stop = async () => {
    child.kill("SIGINT");
    await new Promise((resolve) => child.once("exit", resolve));
    return child.exitCode;
  };
  return { post, output, stop };
}

describe("examples/greeter.ts", () => {
  it("subscribes itself, greets each new conversation once, and logs assignments and closings", async () => {
    const { url, calls, server } = await recorder();
    const greeter = await startGreeter(url, server, "https://greeter.example.org/thulium");

    // Thulium's side: the three events, with the subscription's Basic auth, one of them delivered twice.
    for (const event of [CREATED, ASSIGNED, CREATED, CLOSED]) expect((await greeter.post(event)).status).toBe(200);
    // Someone else, or a wrong password: refused, and nothing is sent.
    expect((await greeter.post(CREATED, "thulium:guess")).status).toBe(401);

    expect(calls.filter((c) => c.violations !== null)).toEqual([]);
    expect(calls.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: "GET", path: "/webhooks", body: undefined },
      {
        method: "POST",
        path: "/webhooks",
        body: {
          actions: ["CHAT_CONVERSATION_CREATED", "CHAT_AGENT_ASSIGNED", "CHAT_CONVERSATION_CLOSED"],
          subscription_url: "https://greeter.example.org/thulium",
          http_auth_user: "thulium",
          http_auth_password: "wh:pa55-wörd",
        },
      },
      {
        method: "POST",
        path: `/chat_conversations/${CREATED.conversation_id}/message`,
        body: { text: "Hello John Smith, thank you for writing! An agent will be with you shortly." },
      },
    ]);

    expect(await greeter.stop()).toBe(0);
    expect(greeter.output.stdout.split("\n")).toEqual([
      "subscribed https://greeter.example.org/thulium to CHAT_CONVERSATION_CREATED, CHAT_AGENT_ASSIGNED, CHAT_CONVERSATION_CLOSED",
      expect.stringMatching(/^listening on http:\/\/127\.0\.0\.1:\d+\/$/),
      `greeted ${CREATED.conversation_id} (queue 1)`,
      `assigned ${ASSIGNED.conversation_id} to jkowalski at 2016-04-20 09:46:24`,
      `closed ${CLOSED.conversation_id} at 2016-04-20 09:46:24`,
      "stopped",
      "",
    ]);
    expect(greeter.output.stderr).toBe("");
  });

  it("subscribes only the actions its URL lacks (Prism's list has two of them for https://example.com/)", async () => {
    const { url, calls, server } = await recorder();
    const greeter = await startGreeter(url, server, "https://example.com/");
    expect(calls.map((c) => [c.method, c.path, (c.body as { actions?: string[] } | undefined)?.actions])).toEqual([
      ["GET", "/webhooks", undefined],
      ["POST", "/webhooks", ["CHAT_CONVERSATION_CLOSED"]],
    ]);
    expect(greeter.output.stdout).toMatch(/^subscribed https:\/\/example\.com\/ to CHAT_CONVERSATION_CLOSED\n/);
    expect(await greeter.stop()).toBe(0);
  });

  it("does not subscribe again when its URL already has every action", async () => {
    const subscribed = [
      { id: 7, actions: ["CHAT_CONVERSATION_CREATED", "CHAT_CONVERSATION_CLOSED"], subscription_url: "https://greeter.example.org/thulium" },
      { id: 8, actions: ["CHAT_AGENT_ASSIGNED"], subscription_url: "https://greeter.example.org/thulium" },
    ];
    const { url, calls, server } = await recorder((method, path) => (method === "GET" && path === "/webhooks" ? { status: 200, body: subscribed } : undefined));
    const greeter = await startGreeter(url, server, "https://greeter.example.org/thulium");
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(["GET /webhooks"]);
    expect(greeter.output.stdout).toMatch(/^https:\/\/greeter\.example\.org\/thulium is already subscribed\n/);
    expect(await greeter.stop()).toBe(0);
  });

  it("answers 500 and logs the failure when the greeting cannot be sent, then greets on the next delivery", async () => {
    let failNext = true;
    const { url, calls, server } = await recorder((method, path) => {
      if (!(method === "POST" && path.endsWith("/message") && failNext)) return undefined;
      failNext = false;
      return { status: 500, body: { request_id: "r-1", errors: [{ message: "boom", code: 1 }] } };
    });
    const greeter = await startGreeter(url, server, "https://example.com/");
    expect((await greeter.post(CREATED)).status).toBe(500);
    expect((await greeter.post(CREATED)).status).toBe(200);
    expect(calls.filter((c) => c.path.endsWith("/message"))).toHaveLength(2);
    expect(await greeter.stop()).toBe(0);
    expect(greeter.output.stdout).toContain("failed: sendChatMessage failed: 500 boom (request_id r-1)\n");
    expect(greeter.output.stdout).toContain(`greeted ${CREATED.conversation_id} (queue 1)\n`);
  });
});
