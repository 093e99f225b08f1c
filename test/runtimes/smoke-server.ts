/**
 * The small Thulium the smoke cases call: the tests' fake Thulium (test/fake-thulium/) on 127.0.0.1 under
 * `/api`, answering start, stop, a 404 with its request_id, a stop that answers too late, and two pages of
 * chats. What it received is kept, so that the driver checks on the server's side what every runtime sent
 * (credentials, User-Agent, how many requests).
 */
import { type FakeThulium, type ReceivedRequest, type Reply, startFakeThulium } from "../fake-thulium/server.js";
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
  /** What it received since the last `forget()`. */
  seen(): SeenRequest[];
  forget(): void;
  close(): Promise<void>;
}

/** How long the slow stop holds its answer: far past the case's 300 ms timeout, and bounded. */
const SLOW_MS = 5_000;

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

/** `body` as JSON, with its length, as Thulium sends it. */
function json(status: number, body: unknown): Reply {
  const text = JSON.stringify(body);
  return { status, body: text, headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) } };
}

/** The path and query of `request` less `/api`. */
const pathOf = (request: ReceivedRequest) => {
  const url = new URL(request.path, "http://127.0.0.1");
  return { path: url.pathname.replace(/^\/api/, ""), query: url.searchParams, search: url.search };
};

function route(request: ReceivedRequest): Reply {
  const { method } = request;
  const { path, query } = pathOf(request);
  if (method === "POST" && path === "/chat_conversations/start") return json(200, { conversation_id: CONVERSATION_ID });
  if (method === "POST" && path === `/chat_conversations/${CONVERSATION_ID}/stop`) return { status: 200 };
  if (method === "POST" && path === `/chat_conversations/${MISSING_ID}/stop`) {
    return json(404, { request_id: "smoke-404", errors: [{ message: "Conversation not found.", code: 404001 }] });
  }
  if (method === "POST" && path === `/chat_conversations/${SLOW_ID}/stop`) return { status: 200, delayMs: SLOW_MS };
  if (method === "GET" && path === "/chats") {
    const offset = Number(query.get("offset") ?? 0);
    const limit = Number(query.get("limit") ?? 100);
    const result = Array.from({ length: Math.max(0, Math.min(limit, TOTAL_CHATS - offset)) }, (_, i) => chat(offset + i));
    return json(200, { count: TOTAL_CHATS, result });
  }
  return json(404, { request_id: "smoke-no-route", errors: [{ message: `no route for ${method} ${path}`, code: 404000 }] });
}

export async function startSmokeServer(): Promise<SmokeServer> {
  const fake: FakeThulium = await startFakeThulium(route);
  return {
    url: `${fake.url}/api`,
    seen: () =>
      fake.requests.map((request) => {
        const { path, search } = pathOf(request);
        const header = (name: string) => request.headers[name] as string | undefined;
        return { method: request.method, path: path + search, authorization: header("authorization"), userAgent: header("user-agent") };
      }),
    forget: () => void (fake.requests.length = 0),
    close: () => fake.close(),
  };
}
