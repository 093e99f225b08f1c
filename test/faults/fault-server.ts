/**
 * A node:http server on 127.0.0.1 that answers each request with the next
 * scripted behaviour, and counts what it saw.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export type Behaviour = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface FaultServer {
  url: string;
  /** Queue behaviours for the next requests; the last one repeats. */
  script(...behaviours: Behaviour[]): void;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startFaultServer(): Promise<FaultServer> {
  let queue: Behaviour[] = [];
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const next = queue.length > 1 ? (queue.shift() as Behaviour) : queue[0];
      if (!next) {
        res.writeHead(599).end();
        return;
      }
      next(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    script(...behaviours) {
      queue = behaviours;
      seen.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const thuliumError = (requestId: string, message: string, code = 1) => JSON.stringify({ request_id: requestId, errors: [{ message, code }] });

/** Common behaviours. */
export const answer =
  (status: number, body = "", headers: Record<string, string> = {}): Behaviour =>
  (_req, res) => {
    res.writeHead(status, { "content-type": body.startsWith("{") ? "application/json" : "text/html", ...headers });
    res.end(body);
  };

export const resetBeforeResponse: Behaviour = (req) => req.socket.destroy();

export const resetMidBody: Behaviour = (req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
  res.write('{"conversation_id": "6ed7c941-');
  setTimeout(() => req.socket.destroy(), 20);
};

export const delayHeaders =
  (ms: number, status = 200): Behaviour =>
  (_req, res) => {
    const timer = setTimeout(() => res.writeHead(status).end(), ms);
    res.on("close", () => clearTimeout(timer));
  };

export const resetMidError: Behaviour = (req, res) => {
  res.writeHead(503, { "content-type": "application/json", "content-length": "1000" });
  res.write('{"request_id": "');
  setTimeout(() => req.socket.destroy(), 20);
};

/** Headers at once, the body after `ms`. */
export const delayBody =
  (ms: number, body: string): Behaviour =>
  (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) });
    const timer = setTimeout(() => res.end(body), ms);
    res.on("close", () => clearTimeout(timer));
  };
