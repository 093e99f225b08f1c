/**
 * `client.api`: an openapi-fetch client on the same base URL, auth, policy
 * and middleware as the methods, for callers who want openapi-fetch's
 * `{ data, error, response }`. Its requests take the methods' path
 * (src/http/request.ts): each gets the policy of the operation its URL
 * matches, bounded reads, and (for a matched operation) the response check.
 */
import createClient, { type Client } from "openapi-fetch";
import { badCharset, readJsonAnswer, tooLarge } from "../check/answer.js";
import type { paths } from "../generated/schema.js";
import { ejectMiddleware, outgoingOf, responseOf, useMiddleware } from "../http/middleware.js";
import { type ClientContext, sendRequest } from "../http/request.js";
import type { Target } from "../http/types.js";
import type { OperationSpec } from "../operations/table.js";
import type { ThuliumTracing } from "./tracing.js";

export function createApiClient(client: ClientContext, operations: Record<string, OperationSpec>, tracing?: ThuliumTracing): Client<paths> {
  const { settings } = client;
  const basePath = new URL(settings.baseUrl).pathname.replace(/\/$/, "");
  const specs = Object.values(operations);
  const api = createClient<paths>({
    baseUrl: settings.baseUrl,
    headers: settings.headers,
    redirect: "manual",
    fetch: async (request: Request) => {
      const route = matchRoute(specs, basePath, request);
      const target: Target = route?.op ?? { operationId: undefined, method: request.method, path: "(unknown path)", idempotent: false, jsonResponse: true };
      // The request follows the caller's signal, if any was given to openapi-fetch.
      const policy = { ...settings.policy, signal: request.signal };
      const exchange = async () => {
        const answer = await sendRequest(client, target, policy, await outgoingOf(request), route?.params ?? {});
        // A matched operation's 2xx JSON is held to the same limits and checks as a method's.
        const ok = answer.status >= 200 && answer.status < 300;
        if (route && ok && route.op.jsonResponse && (answer.text || answer.over || answer.undecodable))
          readJsonAnswer(route.op, policy, settings.logger, answer);
        else if (answer.over) throw tooLarge(`${target.method} ${target.path}`, policy, answer);
        else if (answer.undecodable) throw badCharset(`${target.method} ${target.path}`, answer);
        return responseOf(answer);
      };
      if (!tracing) return exchange();
      return tracing.traceCall({ operationId: target.operationId, method: target.method, path: route?.op.path, signal: request.signal }, exchange);
    },
  });
  // One list of middleware for the client: `api.use` is `client.use`.
  api.use = (...middleware) => useMiddleware(client, middleware);
  api.eject = (...middleware) => ejectMiddleware(client, middleware);
  return api;
}

/** The operation whose route `request` matches, with the path and query params it carries. */
function matchRoute(
  operations: readonly OperationSpec[],
  basePath: string,
  request: Request,
): { op: OperationSpec; params: { path: Record<string, string>; query: Record<string, string> } } | undefined {
  const url = new URL(request.url);
  const segments = url.pathname.slice(basePath.length).split("/");
  for (const op of operations) {
    if (op.method !== request.method) continue;
    const template = op.path.split("/");
    if (template.length !== segments.length) continue;
    const path: Record<string, string> = {};
    // A `{param}` segment of the template matches any one non-empty segment.
    const fits = template.every((t, i) => {
      const s = segments[i] as string;
      if (t[0] !== "{") return t === s;
      if (s === "") return false;
      path[t.slice(1, -1)] = s;
      return true;
    });
    if (fits) return { op, params: { path, query: Object.fromEntries(url.searchParams) } };
  }
  return undefined;
}
