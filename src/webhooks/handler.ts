/**
 * `createChatWebhookHandler`: receives the chat webhooks Thulium POSTs, in two
 * forms over one decision: `fetch` (a Fetch API handler, Web APIs only, for
 * Bun, Deno, Workers, Next.js, Hono) and `node` (a node:http listener).
 * Checks, in order: the method, the Basic credentials, the size, the text
 * (in the charset its Content-Type declares, UTF-8 when none), the payload
 * (parseChatWebhook); then awaits `onEvent` (or, for an action the spec does
 * not know, `onUnknownAction`) before answering 200.
 */

import { ThuliumInputError } from "../errors/thulium-errors.js";
import { readText, textDecoder, UndecodableText } from "../http/read-body.js";
import { printableLine } from "../text/printable-line.js";
import { basicAuthCheck } from "./credentials.js";
import { type ChatWebhook, readWebhookDelivery, type UnknownChatWebhook, type WebhookDelivery } from "./parse.js";

export interface ChatWebhookHandlerOptions {
  /** With `password`: the subscription's `http_auth_user`. Requests without these credentials get 401. */
  username?: string;
  /** With `username`: the subscription's `http_auth_password`. */
  password?: string;
  /** The largest body accepted, in bytes (default 1 MiB); a larger one gets 413 and is not read further. */
  maxBodyBytes?: number;
  /**
   * The `node` form's deadline for a request's body, in milliseconds from when the handler starts reading it
   * (default 30 000): a body still arriving then gets 408 and the connection is closed, so that a sender
   * trickling bytes cannot hold it open. The `fetch` form leaves a request's time to the server running it.
   */
  bodyTimeoutMs?: number;
  /** Called with each valid event; the 200 is sent once it has resolved. */
  onEvent: (event: ChatWebhook) => unknown;
  /**
   * Called with a delivery whose `action` the spec does not know (another Thulium section's event sent to the
   * same URL, say `webhooks subscribe --action` with a name outside chat), unchecked; the 200 is sent once it
   * has resolved. Default: answered 200 and dropped, so that a subscription to more events never makes Thulium
   * retry. An `action` that is not a name (not 1 to 100 letters, digits, `_`, `-` or `.`) gets 400.
   */
  onUnknownAction?: (delivery: UnknownChatWebhook) => unknown;
  /** Called with what `onEvent` or `onUnknownAction` threw (the answer is then 500); default `console.error`. */
  onError?: (error: unknown) => void;
}

/**
 * What the `node` form reads of a request: node:http's `IncomingMessage`
 * has it, and so have Express's and Fastify's (`request.raw`) requests.
 */
export interface NodeWebhookRequest {
  readonly method?: string | undefined;
  readonly headers: { readonly [name: string]: string | string[] | undefined };
  /** True when something (a body parser) has read the body already. */
  readonly readableEnded?: boolean;
  /** A body parser's result, used when the body was read already (Express's `express.json()`). */
  readonly body?: unknown;
  on(event: "data", listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: "end" | "close", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  off(event: "data", listener: (chunk: Uint8Array | string) => void): unknown;
  off(event: "end" | "close", listener: () => void): unknown;
  off(event: "error", listener: (error: Error) => void): unknown;
  pause(): unknown;
}

/** What the `node` form writes: node:http's `ServerResponse` (Express's `res` too). */
export interface NodeWebhookResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body: string): unknown;
}

export interface ChatWebhookHandler {
  /** A Fetch API handler: `Request` in, `Response` out. Uses no Node-only API. */
  fetch(request: Request): Promise<Response>;
  /** A node:http listener: `http.createServer(handler.node)`, or `app.post(path, handler.node)` in Express. */
  node(req: NodeWebhookRequest, res: NodeWebhookResponse): Promise<void>;
}

/** An answer, before it is a `Response` or is written to a `ServerResponse`. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How each form hands its body over: its text, `tooLarge` past the limit, `tooSlow` past the deadline, or a body parser's result. */
type Body = string | typeof tooLarge | typeof tooSlow | { readonly parsed: unknown };

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** The node form's default deadline for a request's body. */
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;
/** setTimeout's longest delay; a longer one would fire at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;
/** The longest reason a 400 gives: what a sender put in a field is never echoed whole. */
const MAX_REASON_CHARS = 500;
const ignore = () => undefined;
const REALM = 'Basic realm="thulium-webhooks"';
const tooLarge = Symbol("tooLarge");
const tooSlow = Symbol("tooSlow");
const TEXT = { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" };

export function createChatWebhookHandler(options: ChatWebhookHandlerOptions): ChatWebhookHandler {
  const {
    onEvent,
    onUnknownAction = ignore,
    onError = (error: unknown) => console.error("thulium-chat-client: a chat webhook's onEvent failed:", error),
  } = options ?? {};
  if (typeof onEvent !== "function") throw new ThuliumInputError("createChatWebhookHandler: onEvent must be a function that handles each event");
  if (typeof onUnknownAction !== "function") throw new ThuliumInputError("createChatWebhookHandler: onUnknownAction must be a function, or left out");
  if (typeof onError !== "function") throw new ThuliumInputError("createChatWebhookHandler: onError must be a function, or left out");
  const maxBodyBytes = wholeOption("maxBodyBytes", options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, "bytes, 1 or more");
  const bodyTimeoutMs = wholeOption(
    "bodyTimeoutMs",
    options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
    `milliseconds, from 1 to ${MAX_TIMEOUT_MS}`,
    MAX_TIMEOUT_MS,
  );
  const authorized = credentialsCheck(options.username, options.password);

  /** Everything before the body: undefined to go on and read it, else the refusal. */
  async function refusal(method: string | undefined, authorization: string | null | undefined, contentLength: string | null | undefined) {
    if (method !== "POST") return answer(405, "Method Not Allowed: Thulium's webhooks are POSTed", { Allow: "POST" });
    if (authorized && !(await authorized(authorization))) return answer(401, "Unauthorized", { "WWW-Authenticate": REALM });
    if (contentLength && Number(contentLength) > maxBodyBytes) return overLimit();
    return undefined;
  }

  async function accept(body: Body): Promise<Answer> {
    if (body === tooLarge) return overLimit();
    if (body === tooSlow) return answer(408, `Request Timeout: the body did not arrive within ${bodyTimeoutMs / 1000} s`);
    let delivery: WebhookDelivery;
    try {
      delivery = readWebhookDelivery(typeof body === "string" ? body : body.parsed);
    } catch (err) {
      if (!(err instanceof ThuliumInputError)) throw err;
      return answer(400, printableLine(err.message, MAX_REASON_CHARS));
    }
    if (delivery.known) await onEvent(delivery.event);
    else await onUnknownAction(delivery.event);
    return answer(200, "");
  }

  /** The generic 500: what went wrong goes to onError, never into the answer. */
  function failed(err: unknown): Answer {
    try {
      onError(err);
    } catch {
      // The reporter failed too; the answer stays the same.
    }
    return answer(500, "Internal Server Error");
  }

  const overLimit = () => answer(413, `Payload Too Large: the body is over ${maxBodyBytes} bytes`);

  return {
    async fetch(request) {
      const { headers } = request;
      const refused = await refusal(request.method, headers.get("authorization"), headers.get("content-length")).catch(failed);
      if (refused) return response(refused);
      let body: Body;
      try {
        const read = await readText(request, maxBodyBytes, "strict");
        body = read.over ? tooLarge : read.text;
      } catch (err) {
        return response(err instanceof UndecodableText ? notText(err) : answer(400, "Bad Request: the body could not be read"));
      }
      return response(await accept(body).catch(failed));
    },

    // Never rejects: node:http does not handle a listener's promise.
    async node(req, res) {
      try {
        const { headers } = req;
        const refused = await refusal(req.method, single(headers.authorization), single(headers["content-length"])).catch(failed);
        // A refused request's body is left unread: close the connection rather than read it to reuse it.
        if (refused) return write(res, refused, true);
        let body: Body | Uint8Array;
        try {
          // A body parser (express.json()) may have read the body already.
          body = req.readableEnded ? (req.body === undefined ? "" : { parsed: req.body }) : await readNode(req, maxBodyBytes, bodyTimeoutMs);
        } catch {
          return; // the client went away: nobody to answer
        }
        if (body instanceof Uint8Array) {
          const text = decode(body, single(headers["content-type"]));
          if (typeof text !== "string") return write(res, text, false);
          body = text;
        }
        write(res, await accept(body).catch(failed), body === tooLarge || body === tooSlow);
      } catch (err) {
        failed(err); // writing the answer failed, e.g. another handler had answered already
      }
    },
  };
}

/** `bytes` as text in the charset `contentType` declares, or the refusal when they are not text in it. */
function decode(bytes: Uint8Array, contentType: string | undefined): string | Answer {
  try {
    return textDecoder(contentType, "strict")(bytes);
  } catch (err) {
    if (err instanceof UndecodableText) return notText(err);
    throw err;
  }
}

/** 415 for a charset this runtime cannot decode, 400 for bytes that are not text in theirs: never U+FFFD handed on as data. */
function notText(err: UndecodableText): Answer {
  return err.unknownCharset
    ? answer(
        415,
        printableLine(
          `Unsupported Media Type: the body's charset ${JSON.stringify(err.charset)} is not one this receiver can decode; send UTF-8`,
          MAX_REASON_CHARS,
        ),
      )
    : answer(400, printableLine(`Bad Request: the body is not valid ${err.charset} text`, MAX_REASON_CHARS));
}

/** A whole-number option, 1 or more (and at most `max`), checked when the handler is made. */
function wholeOption(name: string, value: unknown, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 1 && value <= max) return value;
  throw new ThuliumInputError(
    `createChatWebhookHandler: ${name} must be a whole number of ${what}, got ${typeof value === "string" ? JSON.stringify(value) : String(value)}`,
  );
}

/** The check of a request's Basic credentials, or undefined when the handler takes requests without them. */
function credentialsCheck(username: unknown, password: unknown): ReturnType<typeof basicAuthCheck> | undefined {
  if ((username === undefined) !== (password === undefined)) {
    throw new ThuliumInputError(
      "createChatWebhookHandler: give both username and password (the subscription's http_auth_user and http_auth_password), or neither",
    );
  }
  if (username === undefined) return undefined;
  if (typeof username !== "string" || typeof password !== "string" || username === "" || password === "") {
    throw new ThuliumInputError("createChatWebhookHandler: username and password must be non-empty strings");
  }
  if (username.includes(":")) {
    throw new ThuliumInputError('createChatWebhookHandler: username must not contain ":", which HTTP Basic auth cannot carry in a login');
  }
  // A lone surrogate would be encoded as U+FFFD, which a sender could then present. isWellFormed: ES2024, Node 20.
  const wellFormed = (text: string) => (text as unknown as { isWellFormed(): boolean }).isWellFormed();
  if (!wellFormed(username) || !wellFormed(password)) {
    throw new ThuliumInputError("createChatWebhookHandler: username and password must not hold a lone surrogate, which has no UTF-8 form");
  }
  return basicAuthCheck(username, password);
}

function answer(status: number, body: string, headers: Record<string, string> = {}): Answer {
  return { status, headers: { ...TEXT, ...headers }, body };
}

function response({ status, headers, body }: Answer): Response {
  return new Response(body === "" ? null : body, { status, headers });
}

function write(res: NodeWebhookResponse, { status, headers, body }: Answer, close: boolean): void {
  res.writeHead(status, close ? { ...headers, Connection: "close" } : headers);
  res.end(body);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Reads a node:http request up to `max` bytes within `timeoutMs`; past either, stops reading (paused, listeners gone). */
function readNode(req: NodeWebhookRequest, max: number, timeoutMs: number): Promise<Uint8Array | typeof tooLarge | typeof tooSlow> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      stop();
      req.pause();
      resolve(tooSlow);
    }, timeoutMs);
    const data = (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
      size += bytes.byteLength;
      if (size > max) {
        stop();
        req.pause();
        resolve(tooLarge);
      } else chunks.push(bytes);
    };
    const end = () => {
      stop();
      resolve(concat(chunks, size));
    };
    const fail = (err: unknown) => {
      stop();
      reject(err);
    };
    const closed = () => fail(new Error("the request closed before its body ended"));
    const stop = () => {
      clearTimeout(timer);
      req.off("data", data);
      req.off("end", end);
      req.off("error", fail);
      req.off("close", closed);
    };
    req.on("data", data);
    req.on("end", end);
    req.on("error", fail);
    req.on("close", closed);
  });
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
