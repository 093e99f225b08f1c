/**
 * JSON nested tens of thousands deep, which `JSON.parse` takes but any
 * recursive walk (`JSON.stringify`, `String()` of an array) overflows on:
 * each path that meets it gives a typed error or a 400, never a `RangeError`
 * or a 500. Requests are counted on the server's side.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChatWebhookHandler, createThuliumClient, ThuliumApiError, ThuliumResponseError } from "../../src/index.js";
import { startListen } from "../cli/listen-process.js";
import { envFor, runCli } from "../cli/run-cli.js";
import { failure } from "../expect-failure.js";
import { json } from "../fake-thulium/answers.js";
import { type FakeThulium, startFakeThulium } from "../fake-thulium/server.js";

const deep = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
/** About 60 KB of arrays nested 25 000 deep, under the 64 KiB kept of an error body. */
const DEEP = deep(25_000);

let server: FakeThulium;
beforeAll(async () => {
  server = await startFakeThulium();
});
afterAll(() => server.close());

const client = (options: { validateResponses?: "off" | "warn" | "throw" } = {}) =>
  createThuliumClient({ baseUrl: server.url, username: "api_user", password: "pw", maxRetries: 1, ...options });

describe("an error body nested 25 000 deep", () => {
  it.each([
    ["as the whole body", DEEP],
    ["in errors[0].message", `{"request_id":"r-deep","errors":[{"message":${DEEP},"code":1}]}`],
    ["in errors[0].code", `{"request_id":"r-deep","errors":[{"message":"m","code":${DEEP}}]}`],
  ])("%s is the status's ThuliumApiError, retried as a 500 is", async (_where, body) => {
    server.answer(json(500, body));
    const err = await failure(client().listChats());
    expect(err).toBeInstanceOf(ThuliumApiError);
    expect(err.status).toBe(500);
    expect(err.retryable).toBe(true);
    expect(err.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    expect(err.message.length).toBeLessThanOrEqual(500);
    expect(() => JSON.stringify(err.errors)).not.toThrow();
  });
});

describe("a 2xx body nested 25 000 deep", () => {
  it.each(["off", "warn", "throw"] as const)('is a ThuliumResponseError "too-deep" with validateResponses "%s", sent once', async (validateResponses) => {
    server.answer(json(200, `{"count":1,"result":[{"conversation_id":"6ed7c941-2c8a-411e-95d2-338a9f64800a","x":${DEEP}}]}`));
    const err = await failure(client({ validateResponses }).listChats());
    expect(err).toBeInstanceOf(ThuliumResponseError);
    expect(err.problem).toBe("too-deep");
    expect(err.message).toMatch(/^listChats failed: 200 with a body nested deeper than 64 levels/);
    expect(server.requests).toHaveLength(1);
  });

  it("ends iterateChats with that ThuliumResponseError", async () => {
    server.answer(json(200, `{"count":1,"result":${DEEP}}`));
    const err = await failure(
      (async () => {
        for await (const _ of client().iterateChats());
      })(),
    );
    expect(err).toBeInstanceOf(ThuliumResponseError);
    expect(err.problem).toBe("too-deep");
  });

  it("takes JSON 64 levels deep, the most it allows", async () => {
    // The page, its list and the chat are 3 levels; 61 more make 64.
    const nested = `${'{"a":'.repeat(61)}1${"}".repeat(61)}`;
    server.answer(json(200, `{"count":1,"result":[{"conversation_id":"6ed7c941-2c8a-411e-95d2-338a9f64800a","x":${nested}}]}`));
    const page = await client({ validateResponses: "off" }).listChats();
    expect(page.result).toHaveLength(1);
  });

  it("gives one line and exit code 1 from thulium-chat queues, no stack trace", async () => {
    server.answer(json(200, `[{"id":1,"name":${DEEP}}]`));
    const run = await runCli(["queues"], { env: envFor(server.url) });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^thulium-chat: listChatQueues failed: 200 with a body nested deeper than 64 levels[^\n]*\n$/);
    expect(server.requests).toHaveLength(1);
  });
});

describe("a webhook whose action is nested 50 000 deep", () => {
  const body = `{"action":${deep(50_000)}}`;

  it("gets 400 from the fetch form, naming the bound", async () => {
    const handler = createChatWebhookHandler({ onEvent() {}, onError() {} });
    const res = await handler.fetch(new Request("https://receiver.example/", { method: "POST", body }));
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("chat webhook: the payload nests deeper than 64 levels, which no webhook does");
  });

  it("gets 400 from the node form reading it raw, and from Express having parsed it", async () => {
    const errors: unknown[] = [];
    const handler = createChatWebhookHandler({ onEvent() {}, onError: (err) => void errors.push(err) });
    const app = express();
    app.post("/parsed", express.json({ limit: "1mb" }), handler.node);
    app.post("/raw", handler.node);
    const http = createServer(app);
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      for (const path of ["/raw", "/parsed"]) {
        const res = await fetch(url + path, { method: "POST", headers: { "Content-Type": "application/json" }, body });
        expect(res.status, path).toBe(400);
        expect(await res.text()).toMatch(/nests deeper than 64 levels/);
      }
      expect(errors).toEqual([]);
    } finally {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it("gets 400 from thulium-chat webhooks listen, told in one short line", async () => {
    const receiver = await startListen();
    const res = await fetch(receiver.url, { method: "POST", body });
    expect(res.status).toBe(400);
    const { stderr } = await receiver.stop();
    expect(stderr.split("\n")).toContain("thulium-chat: POST /: 400 chat webhook: the payload nests deeper than 64 levels, which no webhook does");
  });
});
