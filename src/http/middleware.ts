/**
 * openapi-fetch middleware (`onRequest`, `onResponse`, `onError`), applied by
 * the client to every request it sends: the methods' and `thulium.api`'s. It
 * runs once per call around the attempts (request.ts's `send`), so retries
 * stay inside it, as they do for a `fetch` given to openapi-fetch. Only a
 * client with middleware builds a `Request` per call; what reaches `fetch`
 * is still spelt out as a URL and an init, which any `fetch` takes.
 */
import type { Middleware, MiddlewareCallbackParams } from "openapi-fetch";
import { ThuliumError } from "../errors/thulium-errors.js";
import { utf8ContentType } from "./read-body.js";
import { type ClientContext, type MiddlewareRunner, querySerializer, readAnswer, send } from "./request.js";
import type { Answer, Outgoing } from "./types.js";

/** Registers middleware on `client`; throws, as openapi-fetch does, on anything that is not one. */
export function useMiddleware(client: ClientContext, middleware: Middleware[]): void {
  for (const m of middleware) {
    if (!m) continue;
    if (typeof m !== "object" || !("onRequest" in m || "onResponse" in m || "onError" in m)) {
      throw new ThuliumError("middleware must be an object with onRequest(), onResponse() or onError()");
    }
    client.middleware.push(m);
  }
  client.runMiddleware ??= runMiddleware;
}

export function ejectMiddleware(client: ClientContext, middleware: Middleware[]): void {
  for (const m of middleware) {
    const i = client.middleware.indexOf(m);
    if (i !== -1) client.middleware.splice(i, 1);
  }
}

/**
 * A `Request` that reads as its URL: given to a `fetch` of another realm (npm undici's), which does not
 * take this runtime's `Request`, it is taken as the URL, and the init beside it spells out the rest.
 * Its class is made on first use: `extends Request` at import would load Node's fetch (undici), some
 * 20 ms of every import of the package.
 */
let FetchInput: typeof Request | undefined;

function fetchInput(url: string, init: RequestInit): Request {
  FetchInput ??= class extends Request {
    override toString(): string {
      return this.url;
    }
  };
  return new FetchInput(url, init);
}

/** The request as `fetch` will get it: the body read once, to be sent again on each attempt. */
export async function outgoingOf(request: Request): Promise<Outgoing> {
  const { url, method } = request;
  const headers = Object.fromEntries(request.headers);
  const body = request.body === null ? undefined : await request.arrayBuffer();
  return { url, method, headers, body, request: fetchInput(url, { method, headers }) };
}

let lastId = 0;

/** Sends `outgoing` with the client's middleware around it. */
const runMiddleware: MiddlewareRunner = async (client, target, policy, outgoing, params) => {
  const { settings } = client;
  const list = [...client.middleware];
  const base = {
    schemaPath: target.path,
    params,
    id: `thulium-${++lastId}`,
    options: Object.freeze({ baseUrl: settings.baseUrl, fetch: settings.fetch, parseAs: "json", querySerializer }),
  } as unknown as Omit<MiddlewareCallbackParams, "request">;
  let request = new Request(outgoing.url, { method: outgoing.method, headers: outgoing.headers, body: outgoing.body });
  let response: Response | undefined;
  for (const m of list) {
    const changed = await m.onRequest?.({ ...base, request });
    if (changed instanceof Request) request = changed;
    else if (changed instanceof Response) {
      response = changed;
      break;
    } else if (changed) throw new ThuliumError("onRequest must return a Request, a Response or nothing");
  }
  let answer: Answer | undefined;
  let recovered = false;
  if (!response) {
    try {
      answer = await send(settings, target, policy, await outgoingOf(request.clone()));
    } catch (error) {
      let outcome: unknown = error;
      for (const m of list.toReversed()) {
        const handled = await m.onError?.({ ...base, request, error: outcome });
        if (handled instanceof Response) {
          response = handled;
          recovered = true;
          break;
        }
        if (handled instanceof Error) outcome = handled;
        else if (handled) throw new ThuliumError("onError must return a Response, an Error or nothing");
      }
      if (!response) throw outcome;
    }
  }
  // An answer from onRequest is final, as in openapi-fetch; any other goes through onResponse.
  if (response && !answer && !recovered) return readAnswer(response, target, policy, 0);
  let changed = recovered;
  // Middleware sees the answer as openapi-fetch would give it, with the body already read within its limit.
  response ??= responseOf(answer as Answer);
  for (const m of list.toReversed()) {
    const next: Response | undefined = (await m.onResponse?.({ ...base, request, response })) ?? undefined;
    if (next !== undefined && !(next instanceof Response)) throw new ThuliumError("onResponse must return a Response or nothing");
    // Handed back as it came, its body perhaps read by the middleware: the answer read before still stands.
    if (next === undefined || (next === response && !changed)) continue;
    if (next.bodyUsed) throw new ThuliumError("onResponse returned a Response whose body it had read; return response.clone(), or a new Response");
    response = next;
    changed = true;
  }
  return changed || !answer ? readAnswer(response, target, policy, answer?.attempts ?? 0) : answer;
};

/** A Response holding an answer's body as read: its length, encoding and charset headers no longer apply. */
export function responseOf(answer: Answer): Response {
  const headers = new Headers(answer.headers);
  headers.delete("content-length");
  headers.delete("content-encoding");
  // The text goes on as UTF-8, whatever charset it came in.
  const type = headers.get("content-type");
  if (type !== null) headers.set("content-type", utf8ContentType(type));
  const nullBody = answer.status === 204 || answer.status === 205 || answer.status === 304 || answer.text === "";
  return new Response(nullBody ? null : answer.text, { status: answer.status, statusText: answer.statusText, headers });
}
