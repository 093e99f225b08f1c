/**
 * The tests' fake Thulium: a node:http server on 127.0.0.1 that answers each request as a test says
 * (a status and body, a delay, no answer, a dropped connection, or an answer written by hand such as a
 * hostile body) and keeps what a test checks on the server's side: every request it received, the most
 * that were waiting at once, and the body bytes it sent.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
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
  | { drop: true }
  /** An answer written by hand: a reset mid-body, a body that streams or trickles, one that depends on the request. */
  | { write: (res: ServerResponse, request: ReceivedRequest) => void };

export interface FakeThulium {
  url: string;
  /** Every request received, in order. */
  requests: ReceivedRequest[];
  /** Body bytes the answers wrote (after any compression they applied). */
  sent: { bytes: number };
  /** The most requests that were waiting for their answer at once. */
  maxInFlight(): number;
  /** Answers with these from now on, each in turn, the last one repeating; forgets the requests and bytes so far. */
  answer(...replies: Reply[]): void;
  /** Refuses new connections from now on and drops every request still coming, as a server going away. */
  die(): void;
  close(): Promise<void>;
}

/** Nothing said yet: an answer no test expects. */
const UNSCRIPTED: Reply = { status: 599 };

/** `port` 0 picks a free one; another brings a server back at the address of one closed. */
export async function startFakeThulium(reply: (request: ReceivedRequest) => Reply = () => UNSCRIPTED, port = 0): Promise<FakeThulium> {
  const requests: ReceivedRequest[] = [];
  const sent = { bytes: 0 };
  const timers = new Set<NodeJS.Timeout>();
  let replyTo = reply;
  let inFlight = 0;
  let maxInFlight = 0;
  let dead = false;
  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    countBodyBytes(res, sent);
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
      const r = replyTo(received);
      if ("hang" in r) return;
      if ("drop" in r) return void req.socket.destroy();
      if ("write" in r) return r.write(res, received);
      const send = () => {
        const text = r.body === undefined ? "" : typeof r.body === "string" ? r.body : JSON.stringify(r.body);
        res.writeHead(r.status, { ...(typeof r.body === "object" ? { "content-type": "application/json" } : {}), ...r.headers });
        res.end(text);
      };
      if (!r.delayMs) return send();
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, r.delayMs);
      timers.add(timer);
      res.on("close", () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    sent,
    maxInFlight: () => maxInFlight,
    answer(...replies) {
      const queue = [...replies];
      replyTo = () => (queue.length > 1 ? (queue.shift() as Reply) : (queue[0] ?? UNSCRIPTED));
      requests.length = 0;
      sent.bytes = 0;
    },
    die: () => {
      dead = true;
      server.close();
      server.closeIdleConnections();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Adds every body chunk `res` writes to `sent.bytes`. */
function countBodyBytes(res: ServerResponse, sent: { bytes: number }): void {
  const size = (chunk: unknown) => (typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk instanceof Uint8Array ? chunk.length : 0);
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    sent.bytes += size(chunk);
    return write(chunk, ...rest);
  }) as ServerResponse["write"];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== "function") sent.bytes += size(chunk);
    return end(chunk, ...rest);
  }) as ServerResponse["end"];
}

/** Thulium's error body. */
export function thuliumError(message: string, requestId = "53678450401cf", code = 111111) {
  return { request_id: requestId, errors: [{ message, code }] };
}
