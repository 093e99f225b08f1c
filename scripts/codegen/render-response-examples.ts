/**
 * Renders src/generated/response-examples.ts: for each operation, every response
 * status the spec declares, with the spec's example body. `thulium-chat-client/msw`
 * answers with them. Called by scripts/codegen/generate.ts, which adds the header.
 *
 * A JSON response without an example is marked `noExample`: the mock never makes
 * up a body, and says so when asked for that response.
 */
import { firstNamedExample, type Json, jsonMedia, type SpecOperation } from "../spec/spec.js";

/** The operations of a spec with every `$ref` resolved (scripts/spec/spec.ts). */
export function renderResponseExamples(operations: readonly SpecOperation[]): string {
  const entries: [string, Record<string, { body?: unknown; noExample?: true }>][] = [];
  for (const { operationId, op, where } of operations) {
    const responses: Record<string, { body?: unknown; noExample?: true }> = {};
    for (const [status, response] of Object.entries<Json>(op.responses ?? {})) {
      if (!/^[1-5]\d\d$/.test(status)) throw new Error(`${where}: response "${status}" is not a status code; the mock needs each status spelt out`);
      const types = Object.keys(response.content ?? {});
      if (types.length === 0) {
        responses[status] = {};
        continue;
      }
      const json = jsonMedia(response.content);
      if (!json) throw new Error(`${where} ${status}: only JSON responses can be mocked, not ${types.join(", ")}`);
      const media = json[1];
      const example = media.example !== undefined ? media.example : firstNamedExample(media.examples);
      responses[status] = example === undefined ? { noExample: true } : { body: example };
    }
    entries.push([operationId, responses]);
  }
  entries.sort(([a], [b]) => a.localeCompare(b));
  return `/** A response the spec declares: \`body\` is its example, absent when the response has no body. */
export interface ResponseExample {
  readonly body?: unknown;
  /** The spec declares a JSON body for this response but gives no example of it. */
  readonly noExample?: true;
}

/** Every operation's declared responses, by operationId and status, with the spec's examples. */
export const responseExamples = ${JSON.stringify(Object.fromEntries(entries), null, 2)} as const satisfies Record<string, Record<string, ResponseExample>>;
`;
}
