/**
 * `client.api`: a plain openapi-fetch client on the same base URL, auth,
 * timeout and retries as the methods, for callers who want openapi-fetch's
 * `{ data, error, response }` or its middleware. Each call gets the retry
 * policy of the operation its URL matches.
 */
import createClient, { type Client } from "openapi-fetch";
import { attemptContext } from "./call.js";
import type { OperationSpec } from "./generated/operations.js";
import type { paths } from "./generated/schema.js";
import type { Settings } from "./options.js";
import { send } from "./transport.js";

export function createApiClient(settings: Settings, operations: Record<string, OperationSpec>): Client<paths> {
  const basePath = new URL(settings.baseUrl).pathname.replace(/\/$/, "");
  const specs = Object.values(operations);
  return createClient<paths>({
    baseUrl: settings.baseUrl,
    headers: settings.headers,
    redirect: "manual",
    fetch: (request: Request) => {
      const segments = new URL(request.url).pathname.slice(basePath.length).split("/");
      // A `{param}` segment of the template matches any one non-empty segment.
      const op = specs.find((o) => {
        const template = o.path.split("/");
        return o.method === request.method && template.length === segments.length && template.every((t, i) => (t[0] === "{" ? segments[i] : t === segments[i]));
      });
      const ctx = attemptContext(settings, op, request.method);
      // The request follows the caller's signal, if any was given to openapi-fetch.
      ctx.signal = request.signal;
      // A body can be read once: keep the original for the attempts to come.
      return send((signal, last) => settings.fetch(last || request.body === null ? request : request.clone(), { signal }), ctx);
    },
  });
}
