/**
 * What the generated operation table (src/generated/operations.ts) holds for
 * each operation, its parameters and their schemas: the runtime's contract
 * with the generator, which fills it from the spec.
 */
import type { Answer, CallPolicy, ThuliumLogger } from "../http/types.js";

/** How the runtime calls one operation; read from the spec. */
export interface OperationSpec {
  readonly operationId: string;
  /** The spec's one-line summary, shown by `thulium-chat --help`. */
  readonly summary: string;
  readonly method: "GET" | "PUT" | "POST" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS" | "TRACE";
  /** Path template, relative to the server URL. */
  readonly path: string;
  /** `x-idempotent` in the spec: repeating the call leaves the same state. */
  readonly idempotent: boolean;
  /** Whether a 2xx answer declares a JSON body. */
  readonly jsonResponse: boolean;
  readonly parameters: readonly ParameterSpec[];
  /** The schema of each 2xx status that declares a JSON body (application/json or a +json type); absent when none does. */
  readonly responses?: { readonly [status: string]: SchemaSpec };
  /** Set when a 2xx answer declares JSON: parses and checks it. Only such operations bundle the response check. */
  readonly readJson?: ReadJson;
  /** Set when a parameter is `x-thulium-date`: writes a JS `Date` in Thulium's format, and checks a date. Only such operations bundle it. */
  readonly dates?: ThuliumDates;
}

export interface ParameterSpec {
  /** Name in the flat params object. */
  readonly name: string;
  /** Name on the wire. */
  readonly wireName: string;
  readonly in: "path" | "query" | "body";
  readonly required: boolean;
  readonly schema: SchemaSpec;
}

/**
 * The keywords of a spec schema that src/check/checker.ts checks; generation fails on any other
 * (scripts/codegen/checked-keywords.ts). Annotations are dropped.
 */
export interface SchemaSpec {
  /** One JSON type or several; "integer" is a safe integer. */
  readonly type?: string | readonly string[];
  readonly format?: "uuid" | "email" | "uri";
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  /** A value that fits `pattern`, shown instead of the regular expression when a value does not. */
  readonly example?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  /** In Unicode code points, as JSON Schema counts. */
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly items?: SchemaSpec;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly properties?: { readonly [name: string]: SchemaSpec };
  readonly required?: readonly string[];
  /** `false`: no field beyond `properties`; a schema: what the others must fit. Absent: any field is allowed. */
  readonly additionalProperties?: false | SchemaSpec;
  /** `x-thulium-date` in the spec: a JS `Date` is accepted and formatted as `YYYY-MM-DD HH:MM:SS`. */
  readonly thuliumDate?: boolean;
  /** `format: password` in the spec: a secret, never shown or logged, and never taken on a command line. */
  readonly secret?: boolean;
}

/** How an operation reads its 2xx JSON answer: src/check/answer.ts's `readJsonAnswer`, reached through the operation's table entry. */
export type ReadJson = (op: OperationSpec, policy: CallPolicy, logger: ThuliumLogger | undefined, answer: Answer) => unknown;

/** What the runtime does with a date parameter's value (src/check/dates.ts's `thuliumDates`). */
export interface ThuliumDates {
  /** A JS `Date` as Thulium's wall-clock `YYYY-MM-DD HH:MM:SS` in `timeZone`. */
  format(date: Date, timeZone: string): string;
  /** What the value (`given`, or `value` as formatted) gets wrong beyond its schema; undefined when nothing. */
  problem(given: unknown, value: unknown): string | undefined;
}
