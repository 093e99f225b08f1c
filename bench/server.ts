/**
 * The bench's HTTP server, run in its own process so that it never shares an
 * event loop with the client under test. Answers like Thulium does:
 *   POST /chat_conversations/{id}/stop          -> 200, empty body
 *   POST /chat_conversations/start?chat_queue_id -> 201, {"conversation_id": "<uuid>"}
 * and counts what it answered, for checks (GET /__bench/stats, POST /__bench/reset).
 * Tells its parent the port over IPC.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";

const STOP = /^\/chat_conversations\/[0-9a-f-]{36}\/stop$/i;
const counts = { stop: 0, start: 0, other: 0 };

const server = createServer((req, res) => {
  req.resume(); // drain any request body
  req.on("end", () => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    if (req.method === "POST" && STOP.test(path)) {
      counts.stop++;
      res.writeHead(200, { "content-length": "0" });
      res.end();
    } else if (req.method === "POST" && path === "/chat_conversations/start" && /[?&]chat_queue_id=\d+/.test(url)) {
      counts.start++;
      const body = JSON.stringify({ conversation_id: randomUUID() });
      res.writeHead(201, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    } else if (path === "/__bench/stats") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(counts));
    } else if (path === "/__bench/reset") {
      counts.stop = counts.start = counts.other = 0;
      res.writeHead(204);
      res.end();
    } else {
      counts.other++;
      const body = JSON.stringify({ request_id: "bench", errors: [{ message: `no route ${req.method} ${path}`, code: 404 }] });
      res.writeHead(404, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    }
  });
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  process.send?.({ port: address.port });
});
process.on("disconnect", () => process.exit(0));
