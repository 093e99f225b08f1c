/** The `fetch` the contract tests give the client: Prism's checks on every request. */

/**
 * Asks Prism for `status` (one the spec declares) when given, records each URL in `sent`,
 * and fails the call when Prism reports that the request or the response breaks the spec.
 */
export function prismFetch(options: { status?: number; sent?: string[] } = {}): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    options.sent?.push(request.url);
    if (options.status !== undefined) request.headers.set("Prefer", `code=${options.status}`);
    const response = await fetch(request);
    const violations = response.headers.get("sl-violations");
    if (violations) throw new Error(`Prism reports a spec violation on ${request.method} ${new URL(request.url).pathname}: ${violations}`);
    return response;
  };
}
