/**
 * The client's one checker: call parameters before anything is sent, webhook
 * payloads, and 2xx answers, each against the schema generated from the spec.
 * It checks exactly the keywords of `SchemaSpec`; generation fails on any other
 * (scripts/codegen/checked-keywords.ts). Fields a schema does not declare are allowed
 * unless it says `additionalProperties`. Every app bundles it, so it is small;
 * answers can be long lists, so it allocates nothing until it finds a problem.
 */
import type { SchemaSpec } from "../operations/table.js";

const FORMATS = {
  uuid: [/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "a UUID such as 6ed7c941-2c8a-411e-95d2-338a9f64800a"],
  // Pragmatic, not RFC 5322: one @, something before it, dot-separated labels after it, no spaces.
  email: [/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*$/, "an e-mail address"],
  uri: [{ test: (s: string) => URL.canParse(s) }, "an absolute URI"],
} as const;
const DATE = "a date as YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS, or a Date";
const NONE: readonly string[] = [];
const SECRET = Symbol("secret");
const patterns = new Map<string, RegExp>();

/** Where a problem is, below the value checked (`.result[3].created_at`), and what it is. */
type Problem = [where: string, what: string];

/**
 * The first way `value` breaks `schema`, as one line, prefixed with its JSON
 * path (`result[3].created_at: …`) when the problem lies below the top (or
 * `path` names the place of `value`); undefined when it fits.
 */
export function checkSchema(value: unknown, schema: SchemaSpec, path = ""): string | undefined {
  const problem = check(value, schema);
  const where = problem && (path + problem[0]).replace(/^\./, "");
  return problem && (where ? `${where}: ${problem[1]}` : problem[1]);
}

function check(value: unknown, schema: SchemaSpec): Problem | undefined {
  // biome-ignore lint/suspicious/noExplicitAny: one value checked against every JSON type below
  const v = value as any;
  const kind = kindOf(v);
  const { type, pattern, thuliumDate: date } = schema;
  // A secret's value never reaches a message: only its type does.
  const shown = schema.secret ? SECRET : v;
  if (type !== undefined && !(typeof type === "string" ? fits(v, kind, type) : type.some((t) => fits(v, kind, t)))) {
    return fail(`be ${date ? DATE : [type].flat().map(words).join(" or ")}`, shown, kind);
  }
  if (schema.enum && !schema.enum.includes(v)) return fail(`be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`, shown, kind);
  // A string's bounds are on its length in code points (as JSON Schema counts), an array's on its items, a number's on its value.
  const min = kind === "string" ? schema.minLength : kind === "array" ? schema.minItems : schema.minimum;
  const max = kind === "string" ? schema.maxLength : kind === "array" ? schema.maxItems : schema.maximum;
  if (min !== undefined || max !== undefined) {
    const size = kind === "string" ? codePoints(v) : kind === "array" ? v.length : v;
    const unit = kind === "string" ? " character(s)" : kind === "array" ? " item(s)" : "";
    const bound = size < (min ?? size) ? `at least ${min}` : size > (max ?? size) ? `at most ${max}` : "";
    if (bound) return fail(`${unit ? "have" : "be"} ${bound}${unit}`, size);
  }
  if (kind === "string") {
    const format = schema.format && FORMATS[schema.format];
    if (format && !format[0].test(v)) return fail(`be ${format[1]}`, shown, kind);
    if (pattern !== undefined && !regex(pattern).test(v)) {
      return fail(date ? `be ${DATE}` : "example" in schema ? `look like ${JSON.stringify(schema.example)}` : `match ${pattern}`, shown, kind);
    }
  } else if (kind === "array" && schema.items) {
    for (let i = 0; i < v.length; i++) {
      const problem = check(v[i], schema.items);
      if (problem) return [`[${i}]${problem[0]}`, problem[1]];
    }
  } else if (kind === "object") {
    const { properties = {}, additionalProperties: more } = schema;
    for (const key of schema.required ?? NONE) if (!Object.hasOwn(v, key)) return [`.${key}`, "is required but missing"];
    for (const key in properties) {
      const problem = Object.hasOwn(v, key) && check(v[key], properties[key] as SchemaSpec);
      if (problem) return [`.${key}${problem[0]}`, problem[1]];
    }
    for (const key of more === undefined ? NONE : Object.keys(v)) {
      if (Object.hasOwn(properties, key)) continue;
      if (!more) return ["", `must not have the field ${quote(key)}`];
      const problem = check(v[key], more);
      if (problem) return [`[${quote(key)}]${problem[0]}`, problem[1]];
    }
  }
  return undefined;
}

/** Counted without allocating (no array, no iterator's one-character strings): an answer's string may be megabytes long. */
function codePoints(s: string): number {
  let n = s.length;
  // Stryker disable next-line ArithmeticOperator: equivalent: reading past the end gives NaN, which is no surrogate
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one code point; a lone surrogate counts as one.
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function fits(v: unknown, kind: string, type: string): boolean {
  return type === "integer" ? Number.isSafeInteger(v) : type === "number" ? Number.isFinite(v) : type === kind;
}

function fail(what: string, v: unknown, kind?: string): Problem {
  return ["", `must ${what}, got ${kind ? describe(v, kind) : v}`];
}

function words(type: string): string {
  return type === "integer" ? "a whole number" : type === "boolean" ? "true or false" : type === "null" ? type : `a${/^[ao]/.test(type) ? "n" : ""} ${type}`;
}

function kindOf(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

/** What `value` is, for a message: its type, and its value when it is a scalar (a string clipped to 60 characters). Never walks an array or object. */
export function describeValue(value: unknown): string {
  return describe(value, kindOf(value));
}

/** What a value is, for messages: its type, and the value when it is short; JSON escapes control characters. */
function describe(v: unknown, kind: string): string {
  if (v === SECRET) return words(kind);
  // Stryker disable next-line UnaryOperator: equivalent: -v is NaN exactly when +v is
  if (v instanceof Date) return Number.isNaN(+v) ? "an invalid Date" : "a Date";
  return kind === "string"
    ? `string ${quote(v as string)}`
    : kind === "object" || kind === "array"
      ? words(kind)
      : kind === "number" || kind === "boolean" || kind === "bigint"
        ? `${kind} ${v}`
        : kind;
}

function regex(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) patterns.set(pattern, (re = new RegExp(pattern, "u")));
  return re;
}

/** `s` as a JSON string, clipped to 60 characters: JSON escapes control characters. */
export function quote(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}
