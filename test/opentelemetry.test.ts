/**
 * `thulium-chat-client/opentelemetry`: the spans an app's OpenTelemetry SDK receives (its in-memory
 * exporter), and the `traceparent` the server receives, against a local server. One call span per call,
 * one HTTP client span per request sent under it, retries included; nothing of the id or the credentials.
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { fullAppSource } from "../bench/bundle.js";
import { createCoreClient, stopChatConversation } from "../src/core.js";
import { type AttemptEvent, createThuliumClient, ThuliumApiError, ThuliumInputError, type ThuliumLogger } from "../src/index.js";
import { openTelemetryTracing } from "../src/opentelemetry.js";
import { failure } from "./expect-failure.js";
import { reply as answer, delayHeaders } from "./fake-thulium/answers.js";
import { type FakeThulium as FaultServer, startFakeThulium as startFaultServer, thuliumError } from "./fake-thulium/server.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const ID = "6ed7c941-2c8a-411e-95d2-338a9f64800a";
const BASIC = Buffer.from("api_user:api_pass").toString("base64");
const SECRETS = [ID, "api_user", "api_pass", BASIC];
const STOP = "POST /chat_conversations/{id}/stop";
const busy = () => answer(503, thuliumError("busy", "r-503"), { "retry-after": "0" });

const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();
let server: FaultServer;

beforeAll(async () => {
  server = await startFaultServer();
  context.setGlobalContextManager(contextManager.enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
});
afterAll(async () => {
  context.disable();
  propagation.disable();
  await tracerProvider.shutdown();
  await server.close();
});
beforeEach(() => {
  exporter.reset();
  server.answer(answer(200, ""));
});

const client = (options: Parameters<typeof createThuliumClient>[0] = {}) =>
  createThuliumClient({ baseUrl: server.url, username: "api_user", password: "api_pass", tracing: openTelemetryTracing({ tracerProvider }), ...options });

/** The spans ended, in the order they ended; each checked to hold no id and no credential in its name or attributes. */
function spans(): ReadableSpan[] {
  const ended = exporter.getFinishedSpans();
  for (const span of ended) {
    const text = JSON.stringify([span.name, span.attributes, span.events, span.status]);
    for (const secret of SECRETS) expect(text, `span ${span.name}`).not.toContain(secret);
  }
  return ended;
}

/** The call span and its request spans, in the order they were sent; checks every request span is under the call's. */
function callTree(name: string): { call: ReadableSpan; requests: ReadableSpan[] } {
  const all = spans();
  const call = all.find((s) => s.name === name && s.kind === 0) as ReadableSpan;
  expect(call, `a call span named ${name}`).toBeDefined();
  const requests = all.filter((s) => s.parentSpanContext?.spanId === call.spanContext().spanId);
  for (const request of requests) expect(request.kind).toBe(2); // CLIENT
  requests.sort((a, b) => Number(a.attributes["http.request.resend_count"]) - Number(b.attributes["http.request.resend_count"]));
  return { call, requests };
}

const traceparent = (span: ReadableSpan) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;

describe("a call answered 503, then 200", () => {
  it("is one call span named by its operationId, with one HTTP client span per request under it", async () => {
    server.answer(busy(), answer(200, ""));
    const outer = tracerProvider.getTracer("app").startSpan("app request");
    await context.with(trace.setSpan(context.active(), outer), () => client().stopChatConversation({ id: ID }));
    outer.end();

    const { call, requests } = callTree("stopChatConversation");
    expect(call.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(call.status.code).toBe(0); // UNSET
    expect(requests.map((s) => [s.name, s.attributes])).toEqual([
      [
        STOP,
        {
          "http.request.method": "POST",
          "url.template": "/chat_conversations/{id}/stop",
          "server.address": "127.0.0.1",
          "server.port": Number(new URL(server.url).port),
          "http.request.resend_count": 0,
          "http.response.status_code": 503,
          "thulium.request_id": "r-503",
          "error.type": "503",
        },
      ],
      [
        STOP,
        {
          "http.request.method": "POST",
          "url.template": "/chat_conversations/{id}/stop",
          "server.address": "127.0.0.1",
          "server.port": Number(new URL(server.url).port),
          "http.request.resend_count": 1,
          "http.response.status_code": 200,
        },
      ],
    ]);
    expect(requests.map((s) => s.status.code)).toEqual([2, 0]); // ERROR, UNSET
    // Each request went out naming its own span as the parent of whatever the server does.
    expect(server.requests.map((r) => r.headers.traceparent)).toEqual(requests.map(traceparent));
  });

  it("is traced the same through thulium.api", async () => {
    server.answer(busy(), answer(200, ""));
    const { response } = await client().api.POST("/chat_conversations/{id}/stop", { params: { path: { id: ID } } });
    expect(response.status).toBe(200);
    const { call, requests } = callTree("stopChatConversation");
    expect(call.status.code).toBe(0);
    expect(
      requests.map((s) => [s.name, s.attributes["http.request.resend_count"], s.attributes["http.response.status_code"], s.attributes["error.type"]]),
    ).toEqual([
      [STOP, 0, 503, "503"],
      [STOP, 1, 200, undefined],
    ]);
    expect(requests[0]?.attributes["thulium.request_id"]).toBe("r-503");
    expect(server.requests.map((r) => r.headers.traceparent)).toEqual(requests.map(traceparent));
  });

  it("is traced the same with middleware, which sees the call once", async () => {
    server.answer(busy(), answer(200, ""));
    const thulium = client();
    const seen: number[] = [];
    thulium.use({ onResponse: ({ response }) => void seen.push(response.status) });
    await thulium.stopChatConversation({ id: ID });
    expect(seen).toEqual([200]);
    const { requests } = callTree("stopChatConversation");
    expect(requests.map((s) => [s.attributes["http.request.resend_count"], s.attributes["http.response.status_code"], s.attributes["error.type"]])).toEqual([
      [0, 503, "503"],
      [1, 200, undefined],
    ]);
    expect(server.requests.map((r) => r.headers.traceparent)).toEqual(requests.map(traceparent));
  });

  it("is traced the same with withResponse, and the app's logger still gets both attempts", async () => {
    server.answer(busy(), answer(200, ""));
    const events: AttemptEvent[] = [];
    const record = (event: AttemptEvent) => void events.push(event);
    const logger: ThuliumLogger = { debug: record, info: record, warn: record, error: record };
    const { attempts } = await client({ logger }).stopChatConversation.withResponse({ id: ID });
    expect(attempts).toBe(2);
    expect(events.map((e) => [e.attempt, e.status, e.requestId])).toEqual([
      [1, 503, "r-503"],
      [2, 200, undefined],
    ]);
    expect(callTree("stopChatConversation").requests).toHaveLength(2);
  });
});

describe("a refused call", () => {
  it("404: error.type on the call span and the request span, the call span's status ERROR", async () => {
    server.answer(answer(404, thuliumError("no such conversation", "r-404")));
    const err = await failure(client().stopChatConversation({ id: ID }));
    expect(err).toBeInstanceOf(ThuliumApiError);
    const { call, requests } = callTree("stopChatConversation");
    expect([call.attributes["error.type"], call.attributes["thulium.request_id"], call.status.code]).toEqual(["404", "r-404", 2]);
    expect(
      requests.map((s) => [s.attributes["error.type"], s.attributes["http.response.status_code"], s.attributes["thulium.request_id"], s.status.code]),
    ).toEqual([["404", 404, "r-404", 2]]);
  });

  it("404 through thulium.api, which resolves to it: the call span's status ERROR all the same", async () => {
    server.answer(answer(404, thuliumError("no such conversation", "r-404")));
    const { error } = await client().api.POST("/chat_conversations/{id}/stop", { params: { path: { id: ID } } });
    expect(error).toBeDefined();
    const { call, requests } = callTree("stopChatConversation");
    expect([call.attributes["error.type"], call.status.code]).toEqual(["404", 2]);
    expect(requests.map((s) => s.attributes["error.type"])).toEqual(["404"]);
  });

  it("connection refused: the transport's code as error.type, on each request sent and on the call", async () => {
    const closed = await startFaultServer();
    const baseUrl = closed.url;
    await closed.close();
    const err = await failure(client({ baseUrl, maxRetries: 1 }).stopChatConversation({ id: ID }));
    expect(err.name).toBe("ThuliumConnectionError");
    const { call, requests } = callTree("stopChatConversation");
    expect([call.attributes["error.type"], call.status.code]).toEqual(["ECONNREFUSED", 2]);
    expect(requests.map((s) => [s.attributes["http.request.resend_count"], s.attributes["error.type"], s.attributes["http.response.status_code"]])).toEqual([
      [0, "ECONNREFUSED", undefined],
      [1, "ECONNREFUSED", undefined],
    ]);
  });

  it("timed out: error.type timeout; aborted by the caller: ThuliumAbortError", async () => {
    server.answer(delayHeaders(2_000));
    await failure(client({ timeoutMs: 50, maxRetries: 0 }).stopChatConversation({ id: ID }));
    let tree = callTree("stopChatConversation");
    expect([tree.call.attributes["error.type"], tree.requests.map((s) => s.attributes["error.type"])]).toEqual(["timeout", ["timeout"]]);

    exporter.reset();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await failure(client().stopChatConversation({ id: ID }, { signal: controller.signal }));
    tree = callTree("stopChatConversation");
    expect([tree.call.attributes["error.type"], tree.requests.map((s) => s.attributes["error.type"])]).toEqual(["ThuliumAbortError", ["ThuliumAbortError"]]);
  });

  it("refused before anything is sent: a call span with the error's class, no request span", async () => {
    await failure(client().stopChatConversation({ id: "not-a-uuid" }));
    const all = spans();
    expect(all.map((s) => [s.name, s.attributes["error.type"], s.status.code])).toEqual([["stopChatConversation", "ThuliumInputError", 2]]);
    expect(server.requests).toHaveLength(0);
  });
});

describe("calls at the same time", () => {
  it("each get their own request spans, under their own call span", async () => {
    server.answer({
      write(res, request) {
        const body = request.path.startsWith("/chats") ? '{"count":0,"result":[]}' : "";
        res.writeHead(200, { "content-type": body ? "application/json" : "text/html" });
        res.end(body);
      },
    });
    const thulium = client({ validateResponses: "off" });
    await Promise.all([thulium.stopChatConversation({ id: ID }), thulium.listChats({}), thulium.stopChatConversation({ id: ID })]);
    const all = spans();
    const calls = all.filter((s) => s.kind === 0);
    expect(calls.map((s) => s.name).sort()).toEqual(["listChats", "stopChatConversation", "stopChatConversation"]);
    for (const call of calls) {
      const requests = all.filter((s) => s.parentSpanContext?.spanId === call.spanContext().spanId);
      expect(requests.map((s) => s.attributes["url.template"])).toEqual([call.name === "listChats" ? "/chats" : "/chat_conversations/{id}/stop"]);
    }
    expect(new Set(server.requests.map((r) => r.headers.traceparent)).size).toBe(3);
  });
});

describe("without a context manager", () => {
  it("each call still gets its span; no request span, no traceparent", async () => {
    context.disable();
    try {
      server.answer(busy(), answer(200, ""));
      await client().stopChatConversation({ id: ID });
    } finally {
      context.setGlobalContextManager(contextManager.enable());
    }
    expect(spans().map((s) => s.name)).toEqual(["stopChatConversation"]);
    expect(server.requests.map((r) => r.headers.traceparent)).toEqual([undefined, undefined]);
  });
});

describe("the tracing option", () => {
  it("takes the global tracer provider by default", async () => {
    trace.setGlobalTracerProvider(tracerProvider);
    try {
      await createThuliumClient({ baseUrl: server.url, username: "api_user", password: "api_pass", tracing: openTelemetryTracing() }).stopChatConversation({
        id: ID,
      });
    } finally {
      trace.disable();
    }
    expect(spans().map((s) => s.name)).toEqual([STOP, "stopChatConversation"]);
    expect(spans()[1]?.instrumentationScope.name).toBe("thulium-chat-client");
  });

  it("is refused when it is not a tracer, and by createCoreClient as an unknown option", () => {
    expect(() => client({ tracing: {} as never })).toThrow(
      new ThuliumInputError("tracing must be what openTelemetryTracing() of thulium-chat-client/opentelemetry returns", "tracing"),
    );
    const options = { baseUrl: server.url, username: "u", password: "p", tracing: openTelemetryTracing({ tracerProvider }) };
    expect(() => createCoreClient(options, { stopChatConversation })).toThrow(/unknown option "tracing"/);
  });

  it("leaves a bad fetch or logger for the client to refuse, as without it", () => {
    expect(() => client({ fetch: "no" as never })).toThrow(new ThuliumInputError("fetch must be a function", "fetch"));
    expect(() => client({ logger: {} as never })).toThrow(/logger must have debug, info, warn and error methods/);
  });

  it("counts a fetch the app's middleware makes inside a call as one of its requests, and ends its span", async () => {
    const thulium = client();
    thulium.use({
      onRequest: async ({ request, options }) => {
        // The client's own fetch, which the middleware is given: its request has no attempt of the client's.
        await options.fetch(new Request(`${server.url}/ping`));
        return request;
      },
    });
    await thulium.stopChatConversation({ id: ID });
    const { requests } = callTree("stopChatConversation");
    expect(requests.map((s) => s.attributes["http.request.resend_count"])).toEqual([0, 1]);
    expect(requests.every((s) => s.endTime[0] > 0)).toBe(true);
  });
});

describe("an app's bundle", () => {
  const bundled = async (source: string) => {
    const result = await build({
      stdin: { contents: source, resolveDir: root, loader: "ts" },
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      write: false,
      logLevel: "silent",
    });
    return result.outputFiles[0]!.text;
  };

  it("holds no @opentelemetry code unless the app imports thulium-chat-client/opentelemetry", async () => {
    const stop = `{ id: "${ID}" }`;
    // Not minified: each module's path stays in a comment, node_modules/@opentelemetry/api/… for the API's.
    expect(await bundled(fullAppSource(join(root, "src/index.ts"), "stopChatConversation", stop))).not.toContain("@opentelemetry");
    const traced = fullAppSource(join(root, "src/index.ts"), "stopChatConversation", stop)
      .replace("username:", "tracing: openTelemetryTracing(), username:")
      .replace("\n", `\nimport { openTelemetryTracing } from ${JSON.stringify(join(root, "src/opentelemetry.ts"))};\n`);
    expect(await bundled(traced)).toContain("node_modules/@opentelemetry/api/");
  });
});

afterEach(() => {
  // Every span of every test was checked for ids and credentials.
  spans();
});

describe("tracing and the client's own warnings", () => {
  it("without a logger of the app's, an answer that breaks the spec is still warned of, as untraced", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      server.answer(answer(200, '{"count":"lots","result":[]}', { "content-type": "application/json" }));
      await client().listChats();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/^listChats: the 200 answer breaks the spec: count: must be/);
    } finally {
      warn.mockRestore();
    }
  });
});
