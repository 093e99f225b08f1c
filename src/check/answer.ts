/**
 * The value of a 2xx answer whose body the spec declares as JSON: read within
 * `maxResponseBytes`, parsed, and checked against the operation's schema
 * (`validateResponses`): `"throw"` fails the call, `"warn"` logs each drifting
 * field once per process, `"off"` skips the check. Fields the spec does not
 * declare are always allowed: Thulium adding a field is not drift. Every 2xx
 * is held to this, whatever its status: one the spec does not declare (a 203,
 * a 206) is checked against the operation's first declared 2xx schema, and a
 * 204 or an empty body is `"empty"`.
 */

import { type ResponseProblem, ThuliumResponseError } from "../errors/thulium-errors.js";
import { emit } from "../http/log.js";
import type { Answer, CallPolicy } from "../http/types.js";
import type { OperationSpec, ReadJson, SchemaSpec } from "../operations/table.js";
import { printableLine } from "../text/printable-line.js";
import { checkSchema } from "./checker.js";
import { jsonTextTooDeep, MAX_JSON_DEPTH } from "./json-depth.js";

/** Operation and field of each warning given, so that a drifting field cannot flood a log. */
const warned = new Set<string>();
const MAX_WARNED = 1000;

/** The parsed body of `answer`; throws `ThuliumResponseError` when it cannot be used. */
export const readJsonAnswer: ReadJson = (op, policy, logger, answer) => {
  const { status, text } = answer;
  const fail = (problem: ResponseProblem, detail: string, body?: unknown) =>
    new ThuliumResponseError({ operationId: op.operationId, status, body, attempts: answer.attempts, headers: answer.headers, problem, detail });
  if (answer.over) throw tooLarge(op.operationId, policy, answer);
  if (answer.undecodable) throw badCharset(op.operationId, answer);
  if (!text) throw fail("empty", "with an empty body where the spec declares JSON");
  if (jsonTextTooDeep(text)) {
    throw fail("too-deep", `with a body nested deeper than ${MAX_JSON_DEPTH} levels, which no Thulium answer is; it was not parsed`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw fail("not-json", `with a body that is not JSON: ${text}`);
  }
  const schema = policy.validateResponses === "off" ? undefined : schemaOf(op, status);
  const found = schema && checkSchema(body, schema);
  if (found === undefined) return body;
  const problem = printableLine(found, 300);
  if (policy.validateResponses === "throw") throw fail("invalid", `with a body that breaks the spec: ${problem}`, body);
  // The field's path without array indices: result[3].x and result[4].x are one drift.
  const field = /^([^\s:]+): /.exec(problem)?.[1]?.replace(/\[\d+\]/g, "[]") ?? "";
  const key = `${op.operationId} ${field}`;
  if (warned.has(key) || warned.size >= MAX_WARNED) return body;
  warned.add(key);
  const message = `${op.operationId}: the ${status} answer breaks the spec: ${problem} (warned once per operation and field; validateResponses "throw" makes it an error, "off" silences it)`;
  if (!logger) console.warn(message);
  else
    emit(
      logger,
      "warn",
      { operationId: op.operationId, method: op.method, path: op.path, attempt: answer.attempts, durationMs: 0, status, responseProblem: problem },
      message,
    );
  return body;
};

/** A 2xx answer longer than `maxResponseBytes`: of an operation, or of a `thulium.api` request to a route the spec does not have. */
export function tooLarge(operationId: string, policy: CallPolicy, answer: Answer): ThuliumResponseError {
  const { status, attempts, headers } = answer;
  const detail = `with a body larger than ${policy.maxResponseBytes} bytes; nothing more was read. Raise maxResponseBytes (client or call option) if such an answer is expected`;
  return new ThuliumResponseError({ operationId, status, body: undefined, attempts, headers, problem: "too-large", detail });
}

/** A 2xx answer whose body is not text in its declared charset, or in one this runtime cannot decode: nothing of it is used. */
export function badCharset(operationId: string, answer: Answer): ThuliumResponseError {
  const { status, attempts, headers, undecodable } = answer;
  const { charset, unknownCharset } = undecodable ?? { charset: "utf-8", unknownCharset: false };
  const detail = unknownCharset
    ? `with a body in charset ${JSON.stringify(charset)}, which this runtime cannot decode; nothing of it was used`
    : `with a body that is not valid ${charset} text; nothing of it was used`;
  return new ThuliumResponseError({ operationId, status, body: undefined, attempts, headers, problem: "bad-charset", detail });
}

/** The schema a 2xx answer of `status` is held to: its own, or for a 2xx the spec does not declare, the operation's first declared one. */
function schemaOf(op: OperationSpec, status: number): SchemaSpec | undefined {
  const { responses } = op;
  if (!responses) return undefined;
  return responses[status] ?? responses[Object.keys(responses)[0] as string];
}
