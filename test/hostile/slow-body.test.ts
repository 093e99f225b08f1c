/**
 * A webhook body trickled a byte at a time: the node form gives the body a
 * deadline (bodyTimeoutMs, 30 s by default; shortened here), answers 408
 * and closes the connection, in a handler of its own and in `webhooks
 * listen`, which tells it on stderr. The socket is watched on the server's side.
 */
import { createServer, request, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { PassThrough, Readable } from "node:stream";
import { afterEach, expect, it } from "vitest";
import { runListen } from "../../src/cli/listen.js";
import { createChatWebhookHandler } from "../../src/index.js";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/**
 * POSTs a body announced as 1000 bytes, one byte every 50 ms; resolves to the status (undefined when the
 * connection closed without one) and how many bytes went out, or to "no answer" after `giveUpMs`.
 */
function trickle(url: URL, giveUpMs: number): Promise<{ status: number | undefined; sent: number } | "no answer"> {
  return new Promise((resolve) => {
    const req = request({ host: url.hostname, port: url.port, method: "POST", path: url.pathname, headers: { "content-length": "1000" } });
    let sent = 0;
    const timer = setInterval(() => {
      sent++;
      req.write("{");
    }, 50);
    const done = (outcome: { status: number | undefined; sent: number } | "no answer") => {
      clearInterval(timer);
      clearTimeout(giveUp);
      req.destroy();
      resolve(outcome);
    };
    const giveUp = setTimeout(() => done("no answer"), giveUpMs);
    req.on("response", (res) => {
      res.resume();
      done({ status: res.statusCode, sent });
    });
    req.on("error", () => done({ status: undefined, sent }));
  });
}

it("answers 408 to a body still trickling at bodyTimeoutMs, closes the connection and never calls onEvent", async () => {
  const events: unknown[] = [];
  const handler = createChatWebhookHandler({ onEvent: (e) => void events.push(e), bodyTimeoutMs: 400 });
  const sockets: Socket[] = [];
  const server = createServer((req, res) => {
    sockets.push(req.socket);
    void handler.node(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const outcome = await trickle(new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`), 3_000);
  expect(outcome).toMatchObject({ status: 408 });
  // About 400 ms of bytes at one per 50 ms: nowhere near the 60 that 3 s would have taken.
  expect((outcome as { sent: number }).sent).toBeLessThan(30);
  const socket = sockets[0] as Socket;
  if (!socket.destroyed) await new Promise((resolve) => socket.once("close", resolve));
  expect(socket.destroyed).toBe(true);
  expect(events).toEqual([]);
});

it("refuses a bodyTimeoutMs that is not a whole number of milliseconds, 1 or more", () => {
  for (const bodyTimeoutMs of [0, -1, 1.5, Number.NaN, "30000"]) {
    expect(() => createChatWebhookHandler({ onEvent() {}, bodyTimeoutMs: bodyTimeoutMs as number })).toThrow(/bodyTimeoutMs must be a whole number/);
  }
});

it("webhooks listen answers 408 to a trickled body and tells it on stderr", async () => {
  const stdout = new PassThrough();
  let stderr = "";
  const controller = new AbortController();
  const run = runListen(["--port", "0"], {
    stdin: Readable.from([]),
    stdout,
    stderr: { write: (text: string) => (stderr += text) },
    signal: controller.signal,
    bodyTimeoutMs: 400,
  });
  try {
    while (!/listening on (http:\/\/\S+?)\/ /.test(stderr)) await new Promise((resolve) => setTimeout(resolve, 20));
    const url = new URL(/listening on (http:\/\/\S+?)\/ /.exec(stderr)?.[1] as string);
    const outcome = await trickle(url, 3_000);
    expect(outcome).toMatchObject({ status: 408 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stderr).toMatch(/thulium-chat: POST \/: 408 Request Timeout: the body did not arrive within 0\.4 s/);
  } finally {
    controller.abort();
    await run;
  }
});
