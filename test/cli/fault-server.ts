/**
 * A small node:http server for CLI tests: answers each request as `reply`
 * says (a status and body, a delay, no answer at all, or a dropped
 * connection) and records what it received.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** When the request arrived, by `performance.now()`. */
  at: number;
}

export type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  /** Never answer: the client's timeout must fire. */
  | { hang: true }
  /** Close the connection without an answer. */
  | { drop: true };

export interface FaultServer {
  url: string;
  /** Every request received, in order. */
  requests: ReceivedRequest[];
  /** The most requests that were waiting for their answer at once. */
  maxInFlight(): number;
  /** Refuses new connections from now on and drops every request still coming, as a server going away. */
  die(): void;
  close(): Promise<void>;
}

/** `port` 0 picks a free one; another brings a server back at the address of one closed. */
export async function startFaultServer(reply: (request: ReceivedRequest) => Reply, port = 0): Promise<FaultServer> {
  const requests: ReceivedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let dead = false;
  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      if (dead) {
        req.socket.destroy();
        return;
      }
      const received: ReceivedRequest = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, at: performance.now() };
      requests.push(received);
      const r = reply(received);
      if ("hang" in r) return;
      if ("drop" in r) {
        req.socket.destroy();
        return;
      }
      const send = () => {
        const text = r.body === undefined ? "" : typeof r.body === "string" ? r.body : JSON.stringify(r.body);
        res.writeHead(r.status, { ...(typeof r.body === "object" ? { "content-type": "application/json" } : {}), ...r.headers });
        res.end(text);
      };
      if (r.delayMs) setTimeout(send, r.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    maxInFlight: () => maxInFlight,
    die: () => {
      dead = true;
      server.close();
      server.closeIdleConnections();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Thulium's error body. */
export function thuliumError(message: string, requestId = "53678450401cf", code = 111111) {
  return { request_id: requestId, errors: [{ message, code }] };
}

/** A test file's fault server: `server` once started, and `reply`, what it answers, which a test may set. */
export interface FaultServerFixture {
  readonly server: FaultServer;
  reply: (request: ReceivedRequest) => Reply;
}

/**
 * One fault server for the tests of a file: started before them and closed after; before each test it
 * forgets its requests and answers with `initial` again.
 */
export function faultServerPerFile(initial: (request: ReceivedRequest) => Reply = () => ({ status: 204 })): FaultServerFixture {
  let server: FaultServer | undefined;
  const fixture = {
    get server(): FaultServer {
      if (!server) throw new Error("the fault server starts in beforeAll: use it inside a test");
      return server;
    },
    reply: initial,
  };
  beforeAll(async () => {
    server = await startFaultServer((request) => fixture.reply(request));
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    fixture.server.requests.length = 0;
    fixture.reply = initial;
  });
  return fixture;
}
