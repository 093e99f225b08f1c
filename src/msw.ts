/**
 * `thulium-chat-client/msw`: request handlers for msw 2 (Mock Service Worker),
 * an in-process Thulium for unit tests. One handler per operation of the spec,
 * answering with the spec's examples (src/generated/response-examples.ts); a
 * documented error status can be chosen per operation, as Prism's
 * `Prefer: code=404` does per request. msw is an optional peer dependency:
 * only this entry imports it.
 */
import { type HttpHandler, HttpResponse, http } from "msw";
import { ThuliumInputError } from "./errors/thulium-errors.js";
import { type OperationId, operations } from "./generated/operations.js";
import { type ResponseExample, responseExamples } from "./generated/response-examples.js";

type Examples = typeof responseExamples;

/** The statuses the spec declares for an operation, e.g. `200 | 204 | 400 | 401 | 403 | 404 | 500`. */
export type DocumentedStatus<K extends OperationId> = keyof Examples[K] extends infer S ? (S extends `${infer N extends number}` ? N : never) : never;

export interface ThuliumHandlersOptions {
  /** The base URL the handlers answer on; default `https://*.thulium.com/api`, every system. */
  baseUrl?: string;
  /** Per operation, a status the spec declares to answer with instead of the first 2xx, e.g. `{ stopChatConversation: 404 }`. */
  status?: { [K in OperationId]?: DocumentedStatus<K> };
}

const DEFAULT_BASE_URL = "https://*.thulium.com/api";
const METHODS = { GET: http.get, PUT: http.put, POST: http.post, DELETE: http.delete, PATCH: http.patch, HEAD: http.head, OPTIONS: http.options } as const;

/**
 * One msw handler per operation: `setupServer(...thuliumHandlers())` in Node,
 * `server.use(...thuliumHandlers({ status: { stopChatConversation: 404 } }))` in one test.
 * A request without HTTP Basic credentials gets the operation's 401 example, as from the spec's security.
 */
export function thuliumHandlers(options: ThuliumHandlersOptions = {}): HttpHandler[] {
  const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const chosen: Partial<Record<string, number>> = options.status ?? {};
  for (const [operationId, status] of Object.entries(chosen)) {
    if (!(operationId in operations)) {
      throw new ThuliumInputError(
        `thuliumHandlers: status names an unknown operation "${operationId}"; operations: ${Object.keys(operations).join(", ")}`,
        "status",
      );
    }
    const documented = Object.keys(responseExamples[operationId as OperationId]);
    if (!documented.includes(String(status))) {
      throw new ThuliumInputError(`thuliumHandlers: ${operationId} documents no ${status} response; choose one of ${documented.join(", ")}`, "status");
    }
  }
  return Object.values(operations).map((op) => {
    const examples: Record<string, ResponseExample> = responseExamples[op.operationId];
    const statuses = Object.keys(examples);
    const status = String(chosen[op.operationId] ?? statuses.find((s) => s.startsWith("2")));
    const example = examples[status] ?? { noExample: true };
    const path = op.path.replace(/\{([^}]+)\}/g, ":$1");
    return METHODS[op.method](`${baseUrl}${path}`, ({ request }) => {
      if (examples["401"] && !/^Basic \S/.test(request.headers.get("authorization") ?? "")) return answer(op.operationId, "401", examples["401"]);
      return answer(op.operationId, status, example);
    });
  });
}

function answer(operationId: string, status: string, example: ResponseExample): Response {
  if (example.noExample) {
    const message = `thulium-chat-client/msw: the spec gives no example of ${operationId}'s ${status} answer; answer it with your own handler (server.use(...))`;
    return new HttpResponse(message, { status: 501, headers: { "Content-Type": "text/plain" } });
  }
  return example.body === undefined ? new HttpResponse(null, { status: Number(status) }) : HttpResponse.json(example.body, { status: Number(status) });
}

function checkBaseUrl(baseUrl: unknown): string {
  if (typeof baseUrl !== "string" || !/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(baseUrl)) {
    throw new ThuliumInputError(
      `thuliumHandlers: baseUrl must be an http(s) URL without query, such as "http://127.0.0.1:4010", got ${JSON.stringify(baseUrl)}`,
      "baseUrl",
    );
  }
  return baseUrl.replace(/\/+$/, "");
}
