/**
 * A node:http server on 127.0.0.1 whose answers are hostile: bodies of hundreds
 * of MiB streamed with back-pressure (never held in memory), compression bombs,
 * bodies that never end. It counts the requests and the body bytes it sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";

export type Hostile = (req: IncomingMessage, res: ServerResponse, sent: { bytes: number }) => void;

export interface HostileServer {
  url: string;
  /** What to answer from now on. */
  answer(behaviour: Hostile): void;
  /** Requests received since the last `answer`. */
  requests: { method: string; url: string }[];
  /** Body bytes written since the last `answer` (after compression). */
  sent: { bytes: number };
  close(): Promise<void>;
}

export async function startHostileServer(): Promise<HostileServer> {
  let behaviour: Hostile = (_req, res) => res.writeHead(599).end();
  const requests: { method: string; url: string }[] = [];
  const sent = { bytes: 0 };
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "" });
    req.resume();
    req.on("end", () => behaviour(req, res, sent));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sent,
    answer(next) {
      behaviour = next;
      requests.length = 0;
      sent.bytes = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const MiB = 1024 * 1024;

/** `total` bytes of `chunk` repeated, written as the socket drains, until the client goes away. */
export const huge =
  (status: number, total: number, chunk: Buffer, headers: Record<string, string> = {}): Hostile =>
  (_req, res, sent) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    let left = total;
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        sent.bytes += piece.length;
        if (!res.write(piece)) return void res.once("drain", pump);
      }
      if (!res.destroyed) res.end();
    };
    res.on("error", () => undefined);
    pump();
  };

/** A JSON-looking body of `mib` MiB: `{"x":"aaaa…` that never closes. */
export const hugeJson = (status: number, mib: number): Hostile => huge(status, mib * MiB, Buffer.from(`{"x":"${"a".repeat(64 * 1024 - 6)}`));

/** A gzip body of about 1 KB per MiB inflated: `mib` gzip members of 1 MiB of spaces each. */
export function gzipBomb(status: number, mib: number): Hostile {
  const member = gzipSync(Buffer.alloc(MiB, " "), { level: 9 });
  return huge(status, member.length * mib, Buffer.concat(Array.from({ length: 16 }, () => member)), { "content-encoding": "gzip" });
}

/** Answers `status` with `body` as JSON. */
export const json =
  (status: number, body: unknown): Hostile =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };

/** Headers at once, then one byte every `everyMs`, for ever. */
export const trickle =
  (status: number, everyMs: number): Hostile =>
  (_req, res, sent) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.write("{");
    const timer = setInterval(() => {
      sent.bytes++;
      res.write(" ");
    }, everyMs);
    res.on("close", () => clearInterval(timer));
  };

/** The highest RSS seen while `work` runs, minus the RSS before it. */
export async function rssGrowth<T>(work: () => Promise<T>): Promise<{ growth: number; outcome: T | unknown }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  let outcome: T | unknown;
  try {
    outcome = await work();
  } catch (err) {
    outcome = err;
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  return { growth: peak - before, outcome };
}
