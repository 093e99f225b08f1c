/**
 * createChatWebhookHandler in both forms: `fetch`, called with Fetch API
 * requests, and `node`, served by node:http on 127.0.0.1 and called over
 * the wire. Each status of the issue, the credentials, the body limit
 * (proved by what the handler read), and onEvent's timing and failures.
 */
import { createServer, type RequestListener, request, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import express from "express";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type ChatWebhook,
  type ChatWebhookHandler,
  type ChatWebhookHandlerOptions,
  createChatWebhookHandler,
  parseChatWebhook,
  ThuliumInputError,
} from "../../src/index.js";
import { loadSpec } from "../contract/spec.js";

const spec = await loadSpec();
/** The spec's example of each chat webhook, by action. */
const examples = Object.fromEntries(
  Object.entries<Record<string, any>>(spec.webhooks).map(([action, item]) => [action, item.post.requestBody.content["application/json"].example]),
) as Record<ChatWebhook["action"], Record<string, unknown>>;
const CREATED = examples.CHAT_CONVERSATION_CREATED;

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

interface Sent {
  method?: string;
  headers?: Record<string, string>;
  /** Bytes go without a Content-Type; a string gets fetch's `text/plain`. */
  body?: string | Uint8Array;
}

/** Sends one request to a handler's form and reads the whole answer. */
type Send = (init?: Sent) => Promise<Answer>;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** Serves `listener` on 127.0.0.1; resolves to its URL. */
async function serve(listener: RequestListener): Promise<{ url: string; server: Server }> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/thulium`, server };
}

const forms: Record<"fetch" | "node", (handler: ChatWebhookHandler) => Promise<Send>> = {
  async fetch(handler) {
    return async ({ method = "POST", headers, body } = {}) => {
      const res = await handler.fetch(new Request("https://receiver.example/thulium", { method, headers, body }));
      return { status: res.status, headers: res.headers, body: await res.text() };
    };
  },
  async node(handler) {
    const { url } = await serve((req, res) => void handler.node(req, res));
    return async ({ method = "POST", headers, body } = {}) => {
      const res = await fetch(url, { method, headers, body });
      return { status: res.status, headers: res.headers, body: await res.text() };
    };
  },
};

/** A deferred: a promise the test settles. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function handlerWith(options: Partial<ChatWebhookHandlerOptions> = {}) {
  const events: ChatWebhook[] = [];
  const handler = createChatWebhookHandler({ onEvent: (event) => void events.push(event), ...options });
  return { handler, events };
}

describe.each(["fetch", "node"] as const)("the %s form", (form) => {
  const sendTo = (handler: ChatWebhookHandler) => forms[form](handler);
  const json = (payload: unknown, headers: Record<string, string> = {}): Sent => ({
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(payload),
  });

  it("answers 200 to each documented event, once onEvent has it, typed as the ChatWebhook union", async () => {
    const { handler, events } = handlerWith();
    const send = await sendTo(handler);
    for (const example of Object.values(examples)) expect(await send(json(example))).toMatchObject({ status: 200, body: "" });
    expect(events).toEqual(Object.values(examples));
  });

  it("accepts any Content-Type, since Thulium documents none", async () => {
    const { handler, events } = handlerWith();
    const send = await sendTo(handler);
    expect((await send({ body: JSON.stringify(CREATED) })).status).toBe(200);
    expect((await send({ headers: { "Content-Type": "text/plain" }, body: JSON.stringify(CREATED) })).status).toBe(200);
    expect(events).toHaveLength(2);
  });

  it("answers 200 to a delivery with no Content-Type at all", async () => {
    const { handler, events } = handlerWith();
    const send = await sendTo(handler);
    const body = new TextEncoder().encode(JSON.stringify(CREATED));
    expect(new Request("http://x/", { method: "POST", body }).headers.get("content-type")).toBeNull();
    expect(await send({ body })).toMatchObject({ status: 200, body: "" });
    expect(events).toEqual([CREATED]);
  });

  it("answers 200 to an event whose action the spec does not know, handing it to onUnknownAction and never to onEvent", async () => {
    const unknown: unknown[] = [];
    const { handler, events } = handlerWith({ onUnknownAction: (delivery) => void unknown.push(delivery) });
    const send = await sendTo(handler);
    const other = { action: "CUSTOMER_CREATED", customer_id: 12 };
    expect(await send(json(other))).toMatchObject({ status: 200, body: "" });
    expect(unknown).toEqual([other]);
    expect(events).toEqual([]);
  });

  it("answers 200 to an unknown action by default, so that Thulium does not retry it", async () => {
    const { handler, events } = handlerWith();
    const send = await sendTo(handler);
    expect(await send({ body: new TextEncoder().encode('{"action":"AGENT_STATUS_CHANGED","agent_login":"jan"}') })).toMatchObject({ status: 200 });
    expect(events).toEqual([]);
  });

  it("answers 500 when onUnknownAction throws, and hands the error to onError", async () => {
    const errors: unknown[] = [];
    const { handler } = handlerWith({ onUnknownAction: () => Promise.reject(new Error("queue down")), onError: (err) => void errors.push(err) });
    const send = await sendTo(handler);
    expect(await send(json({ action: "CUSTOMER_CREATED" }))).toMatchObject({ status: 500, body: "Internal Server Error" });
    expect(errors).toEqual([new Error("queue down")]);
  });

  it.each(["GET", "PUT", "DELETE", "PATCH"])("answers %s with 405 and Allow: POST, without calling onEvent", async (method) => {
    const { handler, events } = handlerWith();
    const send = await sendTo(handler);
    const answer = await send(method === "GET" ? { method } : { method, ...json(CREATED) });
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("POST");
    expect(events).toEqual([]);
  });

  describe("with username and password", () => {
    const USER = "thulium";
    const PASSWORD = "s3cret-Pa55";
    const challenge = 'Basic realm="thulium-webhooks"';

    it("answers 200 to the right credentials", async () => {
      const { handler, events } = handlerWith({ username: USER, password: PASSWORD });
      const send = await sendTo(handler);
      expect((await send(json(CREATED, { Authorization: basic(USER, PASSWORD) }))).status).toBe(200);
      // The scheme is case-insensitive (RFC 7617).
      expect((await send(json(CREATED, { Authorization: basic(USER, PASSWORD).replace("Basic", "basic") }))).status).toBe(200);
      expect(events).toHaveLength(2);
    });

    it.each([
      ["no Authorization header", undefined],
      ["a wrong password of the right length", basic(USER, "s3cret-Pa56")],
      ["a wrong user of the right length", basic("thuliun", PASSWORD)],
      ["the password alone", basic("", PASSWORD)],
      ["the credentials with a trailing newline (Thulium's doc example has one)", `Basic ${Buffer.from(`${USER}:${PASSWORD}\n`).toString("base64")}`],
      ["another scheme", `Bearer ${PASSWORD}`],
      ["base64 that does not decode", "Basic ###"],
      ["user and password swapped", basic(PASSWORD, USER)],
    ])("answers %s with 401 and the thulium-webhooks challenge, without calling onEvent", async (_what, authorization) => {
      const { handler, events } = handlerWith({ username: USER, password: PASSWORD });
      const send = await sendTo(handler);
      const answer = await send(json(CREATED, authorization === undefined ? {} : { Authorization: authorization }));
      expect(answer.status).toBe(401);
      expect(answer.headers.get("www-authenticate")).toBe(challenge);
      expect(answer.body).not.toContain(PASSWORD);
      expect(events).toEqual([]);
    });

    it("takes a password holding ':' and credentials in non-ASCII characters (UTF-8)", async () => {
      const user = "zażółć-gęślą";
      const password = "pa:ss:wörd€ 日本";
      const { handler, events } = handlerWith({ username: user, password });
      const send = await sendTo(handler);
      expect((await send(json(CREATED, { Authorization: basic(user, password) }))).status).toBe(200);
      expect((await send(json(CREATED, { Authorization: basic(user, "pa:ss:wörd€ 日本x") }))).status).toBe(401);
      // The same characters in Latin-1 are other bytes.
      const latin1 = `Basic ${Buffer.from(`${user}:${password}`, "latin1").toString("base64")}`;
      expect((await send(json(CREATED, { Authorization: latin1 }))).status).toBe(401);
      expect(events).toHaveLength(1);
    });

    it("checks the method before the credentials, and the credentials before the body", async () => {
      const { handler } = handlerWith({ username: USER, password: PASSWORD });
      const send = await sendTo(handler);
      expect((await send({ method: "GET" })).status).toBe(405);
      expect((await send({ body: "not json" })).status).toBe(401);
      expect((await send({ body: "x".repeat(2 * 1024 * 1024) })).status).toBe(401);
    });
  });

  it("answers a body over maxBodyBytes with 413, without calling onEvent", async () => {
    const limit = JSON.stringify(CREATED).length;
    const { handler, events } = handlerWith({ maxBodyBytes: limit });
    const send = await sendTo(handler);
    const answer = await send(json({ ...CREATED, client_name: `${CREATED.client_name}!` }));
    expect(answer.status).toBe(413);
    expect(answer.body).toBe(`Payload Too Large: the body is over ${limit} bytes`);
    expect((await send(json(CREATED))).status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it("takes 1 MiB by default", async () => {
    const { handler } = handlerWith();
    const send = await sendTo(handler);
    const base = JSON.stringify({ ...CREATED, pad: "" }).length;
    const exactly = (size: number) => ({ ...CREATED, pad: "x".repeat(size - base) });
    expect((await send(json(exactly(1024 * 1024)))).status).toBe(200);
    expect((await send(json(exactly(1024 * 1024 + 1)))).status).toBe(413);
  });

  it.each([
    ["a payload that is not JSON", "{not json", "chat webhook: the payload is not valid JSON"],
    ["a JSON array", "[]", "chat webhook: the payload must be a JSON object, got an array"],
    [
      "an action that is not a name",
      JSON.stringify({ ...CREATED, action: "CUSTOMER CREATED!" }),
      /^chat webhook: "action" must be one of .*, got "CUSTOMER CREATED!"$/,
    ],
    [
      "an action that is not a string",
      JSON.stringify({ ...CREATED, action: ["CHAT_AGENT_ASSIGNED"] }),
      /^chat webhook: "action" must be one of .*, got an array$/,
    ],
    [
      "a missing field",
      JSON.stringify({ ...CREATED, chat_queue_id: undefined }),
      'chat webhook CHAT_CONVERSATION_CREATED: missing required field "chat_queue_id"',
    ],
    [
      "a field of the wrong type",
      JSON.stringify({ ...CREATED, conversation_id: "x\ny" }),
      /^chat webhook CHAT_CONVERSATION_CREATED: field "conversation_id" must be a UUID/,
    ],
    ["an empty body", "", "chat webhook: the payload is not valid JSON"],
  ])("answers %s with 400 and parseChatWebhook's reason on one line", async (_what, body, reason) => {
    const { handler, events } = handlerWith();
    const send = await sendTo(handler);
    const answer = await send({ headers: { "Content-Type": "application/json" }, body });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(reason);
    expect(answer.body).not.toMatch(/[\r\n]/);
    expect(events).toEqual([]);
  });

  it("answers 200 only once a slow onEvent has resolved", async () => {
    const gate = deferred();
    let resolved = false;
    const { handler } = handlerWith({
      onEvent: async () => {
        await gate.promise;
        resolved = true;
      },
    });
    const send = await sendTo(handler);
    const answer = send(json(CREATED));
    const early = await Promise.race([answer.then(() => "answered"), new Promise((r) => setTimeout(() => r("waiting"), 300))]);
    expect(early).toBe("waiting");
    gate.resolve();
    expect((await answer).status).toBe(200);
    expect(resolved).toBe(true);
  });

  it("answers 500 with a generic body when onEvent throws, and hands the error to onError", async () => {
    const failure = new Error("database password=hunter2 rejected");
    const onError = vi.fn();
    const { handler } = handlerWith({ onEvent: () => Promise.reject(failure), onError });
    const send = await sendTo(handler);
    const answer = await send(json(CREATED));
    expect(answer).toMatchObject({ status: 500, body: "Internal Server Error" });
    expect(answer.body).not.toContain("hunter2");
    expect(onError).toHaveBeenCalledExactlyOnceWith(failure);
  });

  it("answers 500 when onEvent throws synchronously, and when onError throws too", async () => {
    const { handler } = handlerWith({
      onEvent: () => {
        throw new Error("sync");
      },
      onError: () => {
        throw new Error("the reporter broke");
      },
    });
    const send = await sendTo(handler);
    expect(await send(json(CREATED))).toMatchObject({ status: 500, body: "Internal Server Error" });
    expect((await send({ method: "GET" })).status).toBe(405);
  });

  it("reports a failing onEvent with console.error when no onError is given", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const failure = new Error("boom");
      const send = await sendTo(createChatWebhookHandler({ onEvent: () => Promise.reject(failure) }));
      expect((await send(json(CREATED))).status).toBe(500);
      expect(log).toHaveBeenCalledWith(expect.stringContaining("onEvent failed"), failure);
    } finally {
      log.mockRestore();
    }
  });
});

describe("the fetch form's body limit", () => {
  /** A request body that never ends, counting what the handler pulled from it. */
  function endless(chunkSize: number) {
    const seen = { pulled: 0, cancelled: false };
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        seen.pulled += chunkSize;
        controller.enqueue(new Uint8Array(chunkSize).fill(120));
      },
      cancel() {
        seen.cancelled = true;
      },
    });
    return { body, seen };
  }

  it("answers a chunked body over the limit with 413, having pulled one chunk past it, and cancels the rest", async () => {
    const { handler, events } = handlerWith({ maxBodyBytes: 64 * 1024 });
    const { body, seen } = endless(16 * 1024);
    const answer = await handler.fetch(new Request("https://receiver.example/", { method: "POST", body, duplex: "half" } as RequestInit));
    expect(answer.status).toBe(413);
    // The stream pulls ahead by its high-water mark (one chunk) at most.
    expect(seen.pulled).toBeLessThanOrEqual(64 * 1024 + 2 * 16 * 1024);
    expect(seen.cancelled).toBe(true);
    expect(events).toEqual([]);
  });

  it("answers a declared Content-Length over the limit with 413 without reading the body at all", async () => {
    const { handler } = handlerWith({ maxBodyBytes: 1024 });
    const { body, seen } = endless(16 * 1024);
    const headers = { "Content-Length": String(10 * 1024 * 1024) };
    const answer = await handler.fetch(new Request("https://receiver.example/", { method: "POST", headers, body, duplex: "half" } as RequestInit));
    expect(answer.status).toBe(413);
    expect(seen.pulled).toBeLessThanOrEqual(16 * 1024); // what the stream itself pulls on creation, nothing by the handler
  });
});

describe("the node form's body limit, measured on the server's socket", () => {
  /** Serves the handler, keeping each request's socket to read its byte count. */
  async function served(options: Partial<ChatWebhookHandlerOptions>) {
    const { handler, events } = handlerWith(options);
    const sockets: Socket[] = [];
    const { url } = await serve((req, res) => {
      sockets.push(req.socket);
      void handler.node(req, res);
    });
    return { url: new URL(url), sockets, events };
  }

  /** POSTs an endless chunked body until the answer comes; resolves to the status and how much was written. */
  function postEndless(url: URL): Promise<{ status: number | undefined; written: number }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method: "POST", path: url.pathname, headers: { "Transfer-Encoding": "chunked" } });
      const chunk = Buffer.alloc(16 * 1024, 120);
      let written = 0;
      let answered = false;
      req.on("response", (res) => {
        answered = true;
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode, written }));
      });
      req.on("error", (err) => !answered && reject(err));
      const pump = () => {
        while (!answered && written < 512 * 1024 * 1024) {
          written += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
      };
      pump();
    });
  }

  async function closed(socket: Socket | undefined): Promise<Socket> {
    if (!socket) throw new Error("no request reached the server");
    if (!socket.destroyed) await new Promise((resolve) => socket.once("close", resolve));
    return socket;
  }

  it("answers an endless chunked body with 413 and closes the connection, having read about the limit", async () => {
    const { url, sockets, events } = await served({ maxBodyBytes: 64 * 1024 });
    const { status, written } = await postEndless(url);
    expect(status).toBe(413);
    const socket = await closed(sockets[0]);
    // The client got megabytes into its socket; the server read the limit and what was already buffered.
    expect(written).toBeGreaterThan(1024 * 1024);
    expect(socket.bytesRead).toBeLessThan(64 * 1024 + 256 * 1024);
    expect(events).toEqual([]);
  });

  it("answers a declared Content-Length over the limit with 413 and closes the connection", async () => {
    const { url, sockets } = await served({ maxBodyBytes: 1024 });
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method: "POST", path: url.pathname, headers: { "Content-Length": 100 * 1024 * 1024 } });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on("error", reject);
      req.write(Buffer.alloc(64 * 1024));
    });
    expect(status).toBe(413);
    expect((await closed(sockets[0])).bytesRead).toBeLessThan(256 * 1024);
  });

  it("does not call onEvent, nor crash, when the client leaves in the middle of the body", async () => {
    const { url, sockets, events } = await served({});
    const req = request({ host: url.hostname, port: url.port, method: "POST", path: url.pathname, headers: { "Content-Length": 1000 } });
    req.on("error", () => {});
    req.write('{"action":"CHAT_CONVERSATION_CREATED",');
    await vi.waitFor(() => expect(sockets).toHaveLength(1));
    req.destroy();
    await closed(sockets[0]);
    expect(events).toEqual([]);
  });
});

describe("in an Express app", () => {
  async function app(mount: (app: express.Express, handler: ChatWebhookHandler) => void) {
    const { handler, events } = handlerWith({ username: "thulium", password: "s3cret" });
    const application = express();
    mount(application, handler);
    const { url } = await serve(application);
    const post = (
      body: string | Uint8Array,
      authorization = basic("thulium", "s3cret"),
      type: Record<string, string> = { "Content-Type": "application/json" },
    ) => fetch(url, { method: "POST", headers: { ...type, Authorization: authorization }, body });
    return { post, events };
  }

  it("works as a route handler, reading the body itself", async () => {
    const { post, events } = await app((application, handler) => application.post("/thulium", handler.node));
    expect((await post(JSON.stringify(CREATED))).status).toBe(200);
    expect((await post(JSON.stringify(CREATED), basic("thulium", "wrong"))).status).toBe(401);
    expect(await (await post("{}")).text()).toMatch(/"action" must be one of/);
    expect(events).toEqual([CREATED]);
  });

  it("reads the body itself when express.json() has skipped a delivery with no Content-Type", async () => {
    const { post, events } = await app((application, handler) => application.post("/thulium", express.json(), handler.node));
    expect((await post(new TextEncoder().encode(JSON.stringify(CREATED)), basic("thulium", "s3cret"), {})).status).toBe(200);
    expect(events).toEqual([CREATED]);
  });

  it("takes any Content-Type, none included, with the guide's express.raw({ type: () => true }) and parseChatWebhook", async () => {
    const application = express();
    const events: ChatWebhook[] = [];
    application.post("/thulium", express.raw({ type: () => true }), (req, res) => {
      try {
        events.push(parseChatWebhook(req.body));
      } catch (err) {
        if (err instanceof ThuliumInputError) return void res.status(400).send(err.message);
        throw err;
      }
      res.sendStatus(200);
    });
    const { url } = await serve(application);
    for (const headers of [{}, { "Content-Type": "text/plain" }, { "Content-Type": "application/json" }] as Record<string, string>[]) {
      expect((await fetch(url, { method: "POST", headers, body: new TextEncoder().encode(JSON.stringify(CREATED)) })).status).toBe(200);
    }
    expect(events).toEqual([CREATED, CREATED, CREATED]);
  });

  it("takes the body express.json() has already read", async () => {
    const { post, events } = await app((application, handler) => application.post("/thulium", express.json(), handler.node));
    expect((await post(JSON.stringify(examples.CHAT_AGENT_ASSIGNED))).status).toBe(200);
    expect((await post(JSON.stringify({ ...CREATED, chat_queue_id: "1" }))).status).toBe(400);
    expect(events).toEqual([examples.CHAT_AGENT_ASSIGNED]);
  });
});

describe("its options", () => {
  const onEvent = () => {};

  it.each([
    ["no onEvent", {}, /onEvent must be a function/],
    ["a username without a password", { onEvent, username: "thulium" }, /give both username and password/],
    ["a password without a username", { onEvent, password: "s3cret" }, /give both username and password/],
    ["an empty password", { onEvent, username: "thulium", password: "" }, /non-empty/],
    ["a username with ':'", { onEvent, username: "a:b", password: "s3cret" }, /must not contain ":"/],
    ["a password with a lone surrogate", { onEvent, username: "thulium", password: "s3cr\ud800" }, /must not hold a lone surrogate/],
    ["a username with a lone surrogate", { onEvent, username: "thu\udc00", password: "s3cret" }, /must not hold a lone surrogate/],
    ["maxBodyBytes 0", { onEvent, maxBodyBytes: 0 }, /maxBodyBytes must be a whole number of bytes, 1 or more, got 0/],
    ["maxBodyBytes 1.5", { onEvent, maxBodyBytes: 1.5 }, /got 1\.5/],
    ["an onError that is not a function", { onEvent, onError: "log" }, /onError must be a function/],
  ])("refuses %s with ThuliumInputError", (_what, options, message) => {
    expect(() => createChatWebhookHandler(options as ChatWebhookHandlerOptions)).toThrow(ThuliumInputError);
    expect(() => createChatWebhookHandler(options as ChatWebhookHandlerOptions)).toThrow(message);
  });

  it("never puts the password in an error message", () => {
    for (const options of [
      { onEvent, password: "hunter2" },
      { onEvent, username: "a:b", password: "hunter2" },
    ]) {
      expect(() => createChatWebhookHandler(options)).toThrow(expect.objectContaining({ message: expect.not.stringContaining("hunter2") }));
    }
  });
});

describe("the fetch form off Node", () => {
  /** Node's own globals, which Cloudflare Workers without nodejs_compat do not have. */
  const NODE_ONLY = ["Buffer", "process", "global", "setImmediate", "clearImmediate", "require", "module", "__dirname", "__filename"];

  it("bundles without any node: module or Node-only global, and answers every case with those globals out of reach", async () => {
    const { build } = await import("esbuild");
    const { spawnSync } = await import("node:child_process");
    const { mkdtemp, rm, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { pathToFileURL } = await import("node:url");

    const result = await build({
      entryPoints: [new URL("../../src/webhooks/handler.ts", import.meta.url).pathname],
      bundle: true,
      write: false,
      format: "esm",
      platform: "neutral",
      metafile: true,
    });
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    expect(imports.filter((path) => path.startsWith("node:"))).toEqual([]);
    const code = result.outputFiles[0]!.text;
    // Not even as `globalThis.process` (esbuild drops comments, so any hit is code or a message).
    expect(code.match(new RegExp(`\\b(${NODE_ONLY.join("|")})\\b`, "g"))).toBeNull();

    const dir = await mkdtemp(join(tmpdir(), "webhook-web-"));
    try {
      const bundle = join(dir, "handler.mjs");
      // A module-scope binding shadows each global, so a reference to one would throw.
      await writeFile(bundle, `const ${NODE_ONLY.map((name) => `${name} = undefined`).join(", ")};\n${code}`);
      const script = `
        const { createChatWebhookHandler } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
        const event = ${JSON.stringify(CREATED)};
        const seen = [];
        const handler = createChatWebhookHandler({
          username: "thulium", password: "pä:ss", maxBodyBytes: 4096,
          onEvent: (e) => { if (e.chat_queue_id === 99) throw new Error("fails"); seen.push(e.action); },
          onError: () => seen.push("onError"),
        });
        const auth = "Basic " + btoa(String.fromCharCode(...new TextEncoder().encode("thulium:pä:ss")));
        const post = (body, authorization = auth) => handler.fetch(new Request("https://worker.example/", { method: "POST", headers: { authorization }, body }));
        const statuses = [
          (await post(JSON.stringify(event))).status,
          (await post(JSON.stringify(event), "Basic " + btoa("thulium:wrong"))).status,
          (await handler.fetch(new Request("https://worker.example/"))).status,
          (await post("x".repeat(5000))).status,
          (await post("{}")).status,
          (await post(JSON.stringify({ ...event, chat_queue_id: 99 }))).status,
        ];
        console.log(JSON.stringify({ statuses, seen }));
      `;
      const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(JSON.parse(run.stdout)).toEqual({ statuses: [200, 401, 405, 413, 400, 500], seen: ["CHAT_CONVERSATION_CREATED", "onError"] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
