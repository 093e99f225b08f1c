/**
 * Turns a call's flat params object into openapi-fetch's `{ path, query }`
 * and body, checking every value against the spec first, so that a bad
 * argument throws before anything is sent.
 */
import { DEFAULT_TIME_ZONE } from "./dates.js";
import { ThuliumInputError } from "./errors.js";
import type { OperationSpec, ParameterSpec, SchemaSpec } from "./generated/operations.js";

export interface SplitParams {
  /** `undefined` when the operation has no path parameter: openapi-fetch then skips its path serializer. */
  path: Record<string, string> | undefined;
  query: Record<string, unknown> | undefined;
  /** `undefined` when no body field was given: the request then has no body at all. */
  body: Record<string, unknown> | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const patterns = new Map<string, RegExp>();

export function splitParams(operationId: string, op: OperationSpec, params: unknown, timeZone: string = DEFAULT_TIME_ZONE): SplitParams {
  if (params !== undefined && (params === null || typeof params !== "object" || Array.isArray(params))) {
    throw new ThuliumInputError(`${operationId}: params must be an object, got ${describe(params)}`, undefined, operationId);
  }
  const given = (params ?? {}) as Record<string, unknown>;
  const out: SplitParams = { path: undefined, query: undefined, body: undefined };
  let known = 0;
  for (const p of op.parameters) {
    const raw = given[p.name];
    // Reached through the operation, so that apps without a date parameter do not bundle the formatter.
    const value = p.schema.thuliumDate && raw instanceof Date && op.formatDate ? op.formatDate(raw, timeZone) : raw;
    if (p.name in given) known++;
    if (value === undefined) {
      if (p.required) throw new ThuliumInputError(`${operationId}: missing required parameter "${p.name}"`, p.name, operationId);
      continue;
    }
    const problem = check(value, p.schema);
    if (problem) throw new ThuliumInputError(`${operationId}: parameter "${p.name}" ${problem}`, p.name, operationId);
    place(out, p, value);
  }
  if (known !== Object.keys(given).length) {
    const unknown = Object.keys(given).find((k) => !op.parameters.some((p) => p.name === k)) as string;
    const names = op.parameters.map((p) => p.name).join(", ") || "none";
    throw new ThuliumInputError(`${operationId}: unknown parameter "${unknown}" (parameters: ${names})`, unknown, operationId);
  }
  return out;
}

function place(out: SplitParams, p: ParameterSpec, value: unknown): void {
  if (p.in === "path") (out.path ??= {})[p.wireName] = String(value);
  else if (p.in === "query") (out.query ??= {})[p.wireName] = value;
  else (out.body ??= {})[p.wireName] = value;
}

/** Returns what is wrong with `value`, or undefined when it fits `schema`. */
export function check(value: unknown, schema: SchemaSpec): string | undefined {
  const { type } = schema;
  // biome-ignore lint/suspicious/noExplicitAny: one value checked against every JSON Schema type below
  const v = value as any;
  if (type) {
    const fits =
      type === "array" ? Array.isArray(v) : type === "integer" ? Number.isSafeInteger(v) : type === "number" ? Number.isFinite(v) : typeof v === type;
    if (!fits) return `must be ${/^[aeiou]/.test(type) ? "an" : "a"} ${type}, got ${describe(v)}`;
  }
  if (schema.format === "uuid" && !UUID.test(v)) return `must be a UUID such as 6ed7c941-2c8a-411e-95d2-338a9f64800a, got ${describe(v)}`;
  // A string's limits are on its length, a number's on its value.
  const [size, have, unit] = typeof v === "string" ? [v.length, "have", " character(s)"] : [v, "be", ""];
  const min = schema.minLength ?? schema.minimum;
  const max = schema.maxLength ?? schema.maximum;
  if (min !== undefined && size < min) return `must ${have} at least ${min}${unit}, got ${describe(v)}`;
  if (max !== undefined && size > max) return `must ${have} at most ${max}${unit}${unit ? "" : `, got ${v}`}`;
  if (schema.pattern !== undefined && !regex(schema.pattern).test(v)) return `must match ${schema.pattern}, got ${describe(v)}`;
  if (Array.isArray(v) && schema.items) {
    for (const [i, item] of v.entries()) {
      const problem = check(item, schema.items);
      if (problem) return `[${i}] ${problem}`;
    }
  }
  if (schema.enum && !schema.enum.includes(v)) return `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}, got ${describe(v)}`;
  return undefined;
}

function regex(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) patterns.set(pattern, (re = new RegExp(pattern, "u")));
  return re;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === "object") return Array.isArray(value) ? "an array" : "an object";
  return `${typeof value} ${String(value)}`;
}
