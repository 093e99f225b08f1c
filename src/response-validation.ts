/**
 * Checks a 2xx body against the operation's schema in the spec
 * (`validateResponses`): `"throw"` fails the call, `"warn"` logs each drifting
 * field once per process, `"off"` skips the check. Fields the spec does not
 * declare are always allowed: Thulium adding a field is not drift.
 */
import { oneLine, ThuliumResponseError } from "./errors.js";
import type { OperationSpec } from "./generated/operations.js";
import type { CallPolicy } from "./options.js";
import { checkSchema } from "./schema-check.js";
import type { Answer, ThuliumLogger } from "./transport.js";

/** Operation and field of each warning given, so that a drifting field cannot flood a log. */
const warned = new Set<string>();
const MAX_WARNED = 1000;

export function validateResponse(op: OperationSpec, policy: CallPolicy, logger: ThuliumLogger | undefined, answer: Answer, body: unknown): void {
  const schema =
    policy.validateResponses === "off"
      ? undefined
      : (op as OperationSpec & { responses?: Record<string, import("./generated/operations.js").SchemaSpec> }).responses?.[answer.status];
  if (!schema) return;
  const found = checkSchema(body, schema);
  if (found === undefined) return;
  const problem = oneLine(found, 300);
  if (policy.validateResponses === "throw") {
    throw new ThuliumResponseError({
      operationId: op.operationId,
      status: answer.status,
      body,
      attempts: answer.attempts,
      headers: answer.headers,
      problem: "invalid",
      detail: `with a body that breaks the spec: ${problem}`,
    });
  }
  // The field's path without array indices: result[3].x and result[4].x are one drift.
  const field = /^([^\s:]+): /.exec(problem)?.[1]?.replace(/\[\d+\]/g, "[]") ?? "";
  const key = `${op.operationId} ${field}`;
  if (warned.has(key) || warned.size >= MAX_WARNED) return;
  warned.add(key);
  const message = `${op.operationId}: the ${answer.status} answer breaks the spec: ${problem} (warned once per operation and field; validateResponses "throw" makes it an error, "off" silences it)`;
  if (logger) {
    logger.warn(
      {
        operationId: op.operationId,
        method: op.method,
        path: op.path,
        attempt: answer.attempts,
        durationMs: 0,
        status: answer.status,
        responseProblem: problem,
      },
      message,
    );
  } else {
    console.warn(message);
  }
}
