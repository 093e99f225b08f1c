/**
 * Smaller bounds: a huge `action` is not echoed whole, a signal shared by many
 * calls does not warn, and iterateChats holds a few pages, not every chat seen.
 */

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createChatWebhookHandler, createThuliumClient } from "../../src/index.js";
import { startListen } from "../cli/listen-process.js";
import { json } from "../fake-thulium/answers.js";
import { type FakeThulium, startFakeThulium } from "../fake-thulium/server.js";

let server: FakeThulium;
beforeAll(async () => {
  server = await startFakeThulium();
});
afterAll(() => server.close());

const HUGE_ACTION = JSON.stringify({ action: "A".repeat(900_000) });

it("answers a 900 KB action with a 400 of at most 500 characters", async () => {
  const handler = createChatWebhookHandler({ onEvent() {} });
  const res = await handler.fetch(new Request("https://receiver.example/", { method: "POST", body: HUGE_ACTION }));
  expect(res.status).toBe(400);
  expect((await res.text()).length).toBeLessThanOrEqual(500);
});

it("tells a 900 KB action on one short stderr line of webhooks listen", async () => {
  const receiver = await startListen();
  expect((await fetch(receiver.url, { method: "POST", body: HUGE_ACTION })).status).toBe(400);
  const { stderr } = await receiver.stop();
  const line = stderr.split("\n").find((l) => l.includes(": 400 "));
  expect(line).toMatch(/"action" must be one of/);
  expect(line?.length).toBeLessThan(600);
});

it("sends 50 concurrent calls sharing one AbortSignal without MaxListenersExceededWarning", async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => void warnings.push(w);
  process.on("warning", onWarning);
  try {
    server.answer(json(201, { conversation_id: "6ed7c941-2c8a-411e-95d2-338a9f64800a" }));
    const { signal } = new AbortController();
    const thulium = createThuliumClient({ baseUrl: server.url, username: "u", password: "p" });
    await Promise.all(Array.from({ length: 50 }, () => thulium.startChatConversation({ chat_queue_id: 3 }, { signal })));
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.requests).toHaveLength(50);
    expect(warnings.map((w) => w.name)).not.toContain("MaxListenersExceededWarning");
  } finally {
    process.off("warning", onWarning);
  }
});

it("holds under 2 MB over 200 000 chats in iterateChats (about 24 MB when it kept every id)", async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  let served = 0;
  const total = 200_000;
  // Pages made here, not over HTTP: what is measured is what the iterator keeps.
  const fetch = async () => {
    const result = Array.from({ length: 100 }, () => ({ conversation_id: `00000000-0000-4000-8000-${String(served++).padStart(12, "0")}` }));
    return new Response(JSON.stringify({ count: total, result }), { headers: { "content-type": "application/json" } });
  };
  const chats = createThuliumClient({ baseUrl: "https://acme.example/api", username: "u", password: "p", validateResponses: "off", fetch }).iterateChats();
  await chats.next();
  gc();
  const before = process.memoryUsage().heapUsed;
  let n = 1;
  while (n < total - 1 && !(await chats.next()).done) n++;
  gc();
  const growth = process.memoryUsage().heapUsed - before;
  expect(n).toBe(total - 1);
  expect(growth).toBeLessThan(2 * 1024 * 1024);
  await chats.return(undefined);
});
