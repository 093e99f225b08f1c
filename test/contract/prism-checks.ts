/** openapi-fetch middleware shared by the contract tests. */
import type { Middleware } from "openapi-fetch";

/** Fails the call when Prism reports that a request or response breaks the spec. */
export function withoutViolations(): Middleware {
  return {
    onResponse({ response, schemaPath }) {
      const violations = response.headers.get("sl-violations");
      if (violations) throw new Error(`Prism reports a spec violation on ${schemaPath}: ${violations}`);
    },
  };
}

/** Asks Prism for one of the statuses the spec declares. */
export function preferStatus(status: number): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set("Prefer", `code=${status}`);
      return request;
    },
  };
}
