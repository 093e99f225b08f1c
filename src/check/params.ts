/**
 * Turns a call's flat params object into openapi-fetch's `{ path, query }`
 * and body, checking every value against the spec first, so that a bad
 * argument throws before anything is sent.
 */

import { ThuliumInputError } from "../errors/thulium-errors.js";
import type { OperationSpec, ParameterSpec } from "../operations/table.js";
import { checkSchema } from "./checker.js";
import { DEFAULT_TIME_ZONE } from "./dates.js";

export interface SplitParams {
  /** `undefined` when the operation has no path parameter: openapi-fetch then skips its path serializer. */
  path: Record<string, string> | undefined;
  query: Record<string, unknown> | undefined;
  /** `undefined` when no body field was given: the request then has no body at all. */
  body: Record<string, unknown> | undefined;
}

const PARAMS = { type: "object" } as const;

export function splitParams(operationId: string, op: OperationSpec, params: unknown, timeZone: string = DEFAULT_TIME_ZONE): SplitParams {
  const notObject = params === undefined ? undefined : checkSchema(params, PARAMS);
  if (notObject) throw inputError(operationId, `params ${notObject}`);
  const given = (params ?? {}) as Record<string, unknown>;
  const out: SplitParams = { path: undefined, query: undefined, body: undefined };
  let known = 0;
  for (const p of op.parameters) {
    const raw = given[p.name];
    // Reached through the operation, so that apps without a date parameter do not bundle the date code.
    // An invalid Date is left as it is, for the check to call it that.
    const dates = p.schema.thuliumDate ? op.dates : undefined;
    const value = dates && raw instanceof Date && !Number.isNaN(raw.getTime()) ? dates.format(raw, timeZone) : raw;
    if (p.name in given) known++;
    if (value === undefined) {
      if (p.required) throw inputError(operationId, `missing required parameter "${p.name}"`, p.name);
      continue;
    }
    // A Date that could not be written is said as such before the schema's pattern refuses "Invalid Date";
    // a string is held to the pattern first, then to the calendar.
    const problem =
      (raw instanceof Date ? dates?.problem(raw, value) : undefined) ?? checkSchema(value, p.schema) ?? unsendable(value) ?? dates?.problem(raw, value);
    if (problem) throw inputError(operationId, `parameter "${p.name}" ${problem}`, p.name);
    place(out, p, value);
  }
  if (known !== Object.keys(given).length) {
    const unknown = Object.keys(given).find((k) => !op.parameters.some((p) => p.name === k)) as string;
    const names = op.parameters.map((p) => p.name).join(", ") || "none";
    throw inputError(operationId, `unknown parameter "${unknown}" (parameters: ${names})`, unknown);
  }
  return out;
}

/** A refused parameter: the message names the operation; `detail` holds the problem alone. */
function inputError(operationId: string, detail: string, field?: string): ThuliumInputError {
  return new ThuliumInputError(`${operationId}: ${detail}`, field, operationId, detail);
}

function place(out: SplitParams, p: ParameterSpec, value: unknown): void {
  if (p.in === "path") (out.path ??= {})[p.wireName] = String(value);
  else if (p.in === "query") (out.query ??= {})[p.wireName] = value;
  else (out.body ??= {})[p.wireName] = value;
}

/**
 * A parameter string may not carry a lone surrogate (it has no UTF-8 form:
 * encodeURIComponent throws on it) nor a C0 control character other than tab,
 * LF and CR (NUL included): no text Thulium takes needs them, and servers cut
 * or refuse them. The same rule holds in the path, the query and the body.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters refused
const CONTROL = /[\0-\x08\x0b\x0c\x0e-\x1f]/;

/** Why a string of `value` (itself, or an item of it) cannot go on the wire; undefined when all can. */
function unsendable(value: unknown): string | undefined {
  // isWellFormed (ES2024, Node 20) is not in this project's ES2023 lib.
  const bad = [value].flat().findIndex((s) => typeof s === "string" && (CONTROL.test(s) || !(s as unknown as { isWellFormed(): boolean }).isWellFormed()));
  return bad < 0 ? undefined : `${Array.isArray(value) ? `[${bad}]: ` : ""}contains a control character or a lone surrogate, which cannot be sent; remove it`;
}
