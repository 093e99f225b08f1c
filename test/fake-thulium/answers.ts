/**
 * What the fake Thulium (server.ts) can answer besides a plain `{ status, body }`: pages and JSON as a real
 * server labels them, faults in the middle of an answer, and hostile bodies (hundreds of MiB streamed with
 * back-pressure, never held in memory; compression bombs; bodies that never end).
 */
import { gzipSync } from "node:zlib";
import type { Reply } from "./server.js";

const MiB = 1024 * 1024;

/**
 * `body` (a string as it is, anything else as JSON) labelled JSON when it looks like JSON and HTML otherwise,
 * as a server's error page would be.
 */
export function reply(status: number, body: unknown = "", headers: Record<string, string> = {}): Reply {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return { status, body: text, headers: { "content-type": text.startsWith("{") ? "application/json" : "text/html", ...headers } };
}

/** `body` (a string as it is, anything else as JSON) labelled JSON. */
export const json = (status: number, body: unknown): Reply => ({
  status,
  body: typeof body === "string" ? body : JSON.stringify(body),
  headers: { "content-type": "application/json" },
});

/** The connection closed before any answer. */
export const resetBeforeResponse: Reply = { drop: true };

/** Headers of a 1000-byte JSON answer, 30 bytes of it, then the connection closed. */
export const resetMidBody: Reply = {
  write(res) {
    res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
    res.write('{"conversation_id": "6ed7c941-');
    setTimeout(() => res.socket?.destroy(), 20);
  },
};

/** The same for a 503's error body. */
export const resetMidError: Reply = {
  write(res) {
    res.writeHead(503, { "content-type": "application/json", "content-length": "1000" });
    res.write('{"request_id": "');
    setTimeout(() => res.socket?.destroy(), 20);
  },
};

/** `status` with no body, after `ms`. */
export const delayHeaders = (ms: number, status = 200): Reply => ({ status, delayMs: ms });

/** Headers at once, the body after `ms`. */
export const delayBody = (ms: number, body: string): Reply => ({
  write(res) {
    res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) });
    const timer = setTimeout(() => res.end(body), ms);
    res.on("close", () => clearTimeout(timer));
  },
});

/** `total` bytes of `chunk` repeated, written as the socket drains, until the client goes away. */
export const huge = (status: number, total: number, chunk: Buffer, headers: Record<string, string> = {}): Reply => ({
  write(res) {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    let left = total;
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!res.write(piece)) return void res.once("drain", pump);
      }
      if (!res.destroyed) res.end();
    };
    res.on("error", () => undefined);
    pump();
  },
});

/** A JSON-looking body of `mib` MiB: `{"x":"aaaa…` that never closes. */
export const hugeJson = (status: number, mib: number): Reply => huge(status, mib * MiB, Buffer.from(`{"x":"${"a".repeat(64 * 1024 - 6)}`));

/** A gzip body of about 1 KB per MiB inflated: `mib` gzip members of 1 MiB of spaces each. */
export function gzipBomb(status: number, mib: number): Reply {
  const member = gzipSync(Buffer.alloc(MiB, " "), { level: 9 });
  return huge(status, member.length * mib, Buffer.concat(Array.from({ length: 16 }, () => member)), { "content-encoding": "gzip" });
}

/** Headers at once, then one byte every `everyMs`, for ever. */
export const trickle = (status: number, everyMs: number): Reply => ({
  write(res) {
    res.writeHead(status, { "content-type": "application/json" });
    res.write("{");
    const timer = setInterval(() => res.write(" "), everyMs);
    res.on("close", () => clearInterval(timer));
  },
});
