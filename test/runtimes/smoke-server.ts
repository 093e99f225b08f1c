/**
 * The small Thulium the smoke cases call, on 127.0.0.1: start, stop, a 404 with
 * its request_id, a stop that answers too late, and two pages of chats. It
 * records each request, so that the driver checks on the server's side what
 * every runtime sent (credentials, User-Agent, how many requests).
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CONVERSATION_ID, MISSING_ID, SLOW_ID, TOTAL_CHATS } from "./fixture/constants.js";

export interface SeenRequest {
  method: string;
  /** Path and query, less the `/api` base path. */
  path: string;
  authorization: string | undefined;
  userAgent: string | undefined;
}

export interface SmokeServer {
  /** The client's baseUrl. */
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** How long the slow stop holds its answer: far past the case's 300 ms timeout, and bounded. */
const SLOW_MS = 5_000;

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function chat(n: number) {
  return {
    chat_queue_id: 3,
    client_email: "andrzej.nowak@company.bar",
    client_name: "Andrzej Nowak",
    customer_id: 2,
    conversation_id: `6ed7c941-2c8a-411e-95d2-${String(n).padStart(12, "0")}`,
    created_at: "2017-12-11 10:23:04.318",
    closed_at: "2017-12-11 11:21:05.221",
    status: "CLOSED",
    user_login: "jkowalski",
  };
}

export async function startSmokeServer(): Promise<SmokeServer> {
  const seen: SeenRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname.replace(/^\/api/, "");
    seen.push({ method: req.method ?? "", path: path + url.search, authorization: req.headers.authorization, userAgent: req.headers["user-agent"] });
    req.resume();
    if (req.method === "POST" && path === "/chat_conversations/start") return json(res, 200, { conversation_id: CONVERSATION_ID });
    if (req.method === "POST" && path === `/chat_conversations/${CONVERSATION_ID}/stop`) return res.writeHead(200).end();
    if (req.method === "POST" && path === `/chat_conversations/${MISSING_ID}/stop`) {
      return json(res, 404, { request_id: "smoke-404", errors: [{ message: "Conversation not found.", code: 404001 }] });
    }
    if (req.method === "POST" && path === `/chat_conversations/${SLOW_ID}/stop`) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) res.writeHead(200).end();
      }, SLOW_MS);
      timers.add(timer);
      return;
    }
    if (req.method === "GET" && path === "/chats") {
      const offset = Number(url.searchParams.get("offset") ?? 0);
      const limit = Number(url.searchParams.get("limit") ?? 100);
      const result = Array.from({ length: Math.max(0, Math.min(limit, TOTAL_CHATS - offset)) }, (_, i) => chat(offset + i));
      return json(res, 200, { count: TOTAL_CHATS, result });
    }
    json(res, 404, { request_id: "smoke-no-route", errors: [{ message: `no route for ${req.method} ${path}`, code: 404000 }] });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    seen,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
