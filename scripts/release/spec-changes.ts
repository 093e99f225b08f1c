/**
 * What changed between two bundled, dereferenced specs, and the class of each change under CONTRIBUTING's
 * "Versioning" rules. api-smart-diff finds the changes (it matches parameters by name and enum values by
 * value, offline, on OpenAPI 3.1 as well); the project's rules below give the verdict, since the library's
 * own classes differ on some of them (test/scripts/release/spec-diff.test.ts names each such case).
 */
import { apiDiff } from "api-smart-diff";
import type { Json } from "../spec/spec.js";

export const BUMPS = ["none", "patch", "minor", "major"] as const;
export type Bump = (typeof BUMPS)[number];

/** The larger of the bumps given; `none` for none. */
export function maxBump(...bumps: Bump[]): Bump {
  return bumps.reduce<Bump>((a, b) => (BUMPS.indexOf(b) > BUMPS.indexOf(a) ? b : a), "none");
}

export type LibraryClass = "breaking" | "non-breaking" | "annotation" | "unclassified" | "deprecated";

export interface SpecChange {
  /** The JSON pointer of the change in the bundled spec (the head's for an addition, the base's for a removal). */
  pointer: string;
  /** What changed, in words: `listChats: parameter status (query) removed`. */
  what: string;
  bump: Bump;
  /** The name a CHANGELOG must mention for a major change: the operation, parameter, field or enum value. */
  name: string;
  /** api-smart-diff's own class, kept to show where the project's rules differ from it. */
  library: LibraryClass;
}

type Side = "request" | "response" | "component";

/** Keys that only document: a change under one is a patch. */
const ANNOTATIONS = new Set([
  "description",
  "summary",
  "title",
  "example",
  "examples",
  "externalDocs",
  "tags",
  "$comment",
  "deprecated",
  "default",
  "info",
  "servers",
  "contact",
  "license",
]);
/** Keys whose larger value accepts more. */
const UPPER_BOUNDS = new Set(["maxLength", "maximum", "maxItems", "exclusiveMaximum", "maxProperties"]);
const LOWER_BOUNDS = new Set(["minLength", "minimum", "minItems", "exclusiveMinimum", "minProperties"]);
/** Keys that restrict a value when present. */
const RESTRICTIONS = new Set(["pattern", "format", "enum", "const", "multipleOf", "uniqueItems"]);

const encode = (segment: string | number) => String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
export const toPointer = (path: readonly (string | number)[]) => (path.length === 0 ? "" : `/${path.map(encode).join("/")}`);

function at(doc: unknown, path: readonly (string | number)[]): unknown {
  let node = doc;
  for (const segment of path) node = node !== null && typeof node === "object" ? (node as Json)[segment as string] : undefined;
  return node;
}

/** Every change from `base` to `head`, in api-smart-diff's order, each with its class. */
export function specChanges(base: Json, head: Json): SpecChange[] {
  // api-smart-diff changes the documents it is given (it merges and normalizes them): give it copies.
  return apiDiff(structuredClone(base), structuredClone(head)).map((diff) => classify(base, head, diff as Diff));
}

interface Diff {
  action: "add" | "remove" | "replace" | "rename";
  path: (string | number)[];
  before?: unknown;
  after?: unknown;
  type: LibraryClass;
}

/** The operationId of `paths/<path>/<method>` or `webhooks/<name>/<method>` in either spec. */
function operationName(base: Json, head: Json, path: readonly (string | number)[]): string {
  const op = (at(head, path) ?? at(base, path)) as Json | undefined;
  return String(op?.operationId ?? `${String(path[2]).toUpperCase()} ${path[1]}`);
}

/**
 * The diff's path with each parameter index made the index in the spec it names (the head's, or the base's
 * for a removal): api-smart-diff matches parameters by name and counts an added one after all the others.
 */
function realPath(base: Json, head: Json, diff: Diff): (string | number)[] {
  const path = [...diff.path];
  for (let i = 0; i < path.length - 1; i++) {
    if (path[i] !== "parameters" || typeof path[i + 1] !== "number") continue;
    const whole = i + 2 === path.length;
    const list = path.slice(0, i + 1);
    const p = (whole ? (diff.action === "remove" ? diff.before : diff.after) : (at(head, path.slice(0, i + 2)) ?? at(base, path.slice(0, i + 2)))) as
      | Json
      | undefined;
    const doc = diff.action === "remove" ? base : head;
    const index = ((at(doc, list) as Json[] | undefined) ?? []).findIndex((q) => q?.name === p?.name && q?.in === p?.in);
    if (index >= 0) path[i + 1] = index;
  }
  return path;
}

function classify(base: Json, head: Json, found: Diff): SpecChange {
  const diff = { ...found, path: realPath(base, head, found) };
  const { action, path } = diff;
  const pointer = toPointer(path);
  const done = (what: string, bump: Bump, name: string): SpecChange => ({ pointer, what, bump, name, library: diff.type });
  const [top, key1, key2] = path;
  const last = path[path.length - 1];
  const verb = action === "add" ? "added" : action === "remove" ? "removed" : action === "rename" ? "renamed" : "changed";

  if (top !== "paths" && top !== "webhooks" && top !== "components") return done(`${pointer.slice(1)} ${verb}`, "patch", String(last));
  if (top === "components") {
    const kind = `component ${key1} ${key2}`;
    if (path.length === 2) return done(`components ${String(key1)} ${verb}`, action === "add" ? "minor" : "major", String(key1));
    if (path.length === 3) return done(`${kind} ${verb}`, action === "add" ? "minor" : action === "remove" ? "major" : "major", String(key2));
    // A component is an exported type (components["schemas"]["Chat"]): a consumer may send it or read it.
    return inside(`${kind}`, 3, "component");
  }
  // A path item (or webhook) added or removed whole: each of its operations.
  if (path.length <= 2) {
    const item = (action === "add" ? at(head, path) : at(base, path)) as Json | undefined;
    const names =
      item && typeof item === "object"
        ? Object.values<Json>(item)
            .map((op) => op?.operationId)
            .filter(Boolean)
        : [];
    const label = top === "webhooks" ? "webhook" : "operation";
    return done(
      `${label}${names.length ? ` ${names.join(", ")}` : ""} (${String(key1)}) ${verb}`,
      action === "add" ? "minor" : "major",
      names[0] ?? String(key1),
    );
  }
  const opName = operationName(base, head, path.slice(0, 3));
  if (path.length === 3) {
    if (typeof key2 === "string" && !/^(get|put|post|delete|patch|head|options|trace)$/.test(key2)) return inside(`${String(key1)}`, 2, "request");
    return done(
      `${top === "webhooks" ? "webhook" : "operation"} ${opName} (${String(key2).toUpperCase()} ${String(key1)}) ${verb}`,
      action === "add" ? "minor" : "major",
      opName,
    );
  }
  // What the consumer sends: an operation's parameters and body, a webhook's answer; what it receives: the rest.
  const section = path[3];
  const sendsInWebhook = top === "webhooks" && section === "responses";
  const side: Side = top === "webhooks" ? (sendsInWebhook ? "request" : "response") : section === "responses" ? "response" : "request";
  return inside(opName, 3, side);

  /** A change at `path[from…]` inside `subject` (an operation or a component). */
  function inside(subject: string, from: number, side: Side): SpecChange {
    const words: string[] = [];
    let name = subject;
    let owner: Json | undefined;
    for (let i = from; i < path.length; i++) {
      const segment = path[i];
      const parent = path[i - 1];
      if (segment === "parameters" && typeof path[i + 1] === "number") {
        const p = ((action === "remove" ? at(base, path.slice(0, i + 2)) : at(head, path.slice(0, i + 2))) ?? at(base, path.slice(0, i + 2))) as
          | Json
          | undefined;
        name = String(p?.name ?? path[i + 1]);
        words.push(`parameter ${name}${p?.in ? ` (${p.in})` : ""}`);
        owner = p;
        i++;
      } else if (segment === "requestBody") words.push("request body");
      else if (parent === "responses") words.push(`response ${String(segment)}`);
      else if (parent === "properties") {
        name = String(segment);
        words.push(`field ${name}`);
      } else if (segment === "items") words.push("items");
      else if (parent === "content" && i === path.length - 1) words.push(`media type ${String(segment)}`);
    }
    const where = `${subject}: ${words.join(", ")}`.replace(/: $/, "");
    const bumpFor = (request: Bump, response: Bump): Bump => (side === "request" ? request : side === "response" ? response : maxBump(request, response));

    // A documenting key, not a field of that name (`properties/description`).
    const annotation = path.find((s, i) => i >= from && typeof s === "string" && path[i - 1] !== "properties" && (ANNOTATIONS.has(s) || s.startsWith("x-")));
    if (annotation !== undefined) return done(`${where}: ${String(annotation)} ${verb}`, "patch", name);
    // An enum value added or removed.
    if (path[path.length - 2] === "enum") {
      const value = JSON.stringify(action === "remove" ? diff.before : diff.after);
      const schemaPath = path.slice(0, -2);
      if (action === "remove") return done(`${where}: enum value ${value} removed`, "major", String(diff.before));
      if (action === "add" && at(base, [...schemaPath, "enum"]) === undefined) {
        // An enum where there was none narrows the type (string to a union of strings).
        return done(`${where}: narrowed to an enum (value ${value})`, bumpFor("major", "minor"), name);
      }
      return done(`${where}: enum value ${value} added`, bumpFor("minor", "major"), String(diff.after));
    }
    if (last === "enum") {
      if (action === "add") return done(`${where}: narrowed to an enum`, bumpFor("major", "minor"), name);
      if (action === "remove") return done(`${where}: enum removed (any value now)`, bumpFor("minor", "major"), name);
    }
    // A name in a schema's `required` list: a field made required or optional.
    if (path[path.length - 2] === "required") {
      const field = String(action === "remove" ? diff.before : diff.after);
      if (action === "add") return done(`${where}: field ${field} made required`, bumpFor("major", "minor"), field);
      if (action === "remove") return done(`${where}: field ${field} made optional`, bumpFor("minor", "major"), field);
      return done(`${where}: required field ${JSON.stringify(diff.before)} replaced by ${JSON.stringify(diff.after)}`, "major", field);
    }
    // A parameter's (or request body's) own `required`.
    if (last === "required" && (owner || path.includes("requestBody"))) {
      const now = action === "remove" ? false : diff.after === true;
      return done(`${where}: made ${now ? "required" : "optional"}`, now ? "major" : "minor", name);
    }
    if (last === "type") return done(`${where}: type ${describeChange(diff)}`, typeWidened(diff) ? bumpFor("minor", "major") : "major", name);
    if (typeof last === "string" && (UPPER_BOUNDS.has(last) || LOWER_BOUNDS.has(last) || RESTRICTIONS.has(last))) {
      return done(`${where}: ${last} ${describeChange(diff)}`, bumpFor(loosens(last, diff) ? "minor" : "major", "minor"), name);
    }
    if (last === "additionalProperties") {
      const allowsMore = diff.after !== false;
      return done(`${where}: additionalProperties ${describeChange(diff)}`, bumpFor(allowsMore ? "minor" : "major", "minor"), name);
    }
    // A whole parameter, field, status, media type or body added or removed.
    if (action === "add") {
      const added = diff.after as Json | undefined;
      const wholeParameter = path[path.length - 2] === "parameters";
      const required = (wholeParameter || last === "requestBody") && added?.required === true;
      if (wholeParameter || path[path.length - 2] === "properties" || last === "requestBody")
        return done(`${where} added${required ? " (required)" : ""}`, required ? bumpFor("major", "minor") : "minor", name);
      if (path[path.length - 2] === "responses") return done(`${where} added`, /^2/.test(String(last)) ? bumpFor("minor", "major") : "minor", String(last));
      return done(`${where}: ${String(last)} added`, bumpFor("major", "minor"), name);
    }
    if (action === "remove") {
      if (path[path.length - 2] === "responses") return done(`${where} removed`, "major", String(last));
      return done(`${where}${typeof last === "string" && path[path.length - 2] !== "properties" ? `: ${last}` : ""} removed`, "major", name);
    }
    if (action === "rename") return done(`${where} renamed`, "major", name);
    return done(`${where}: ${String(last)} ${describeChange(diff)}`, "major", name);
  }
}

function describeChange({ action, before, after }: Diff): string {
  if (action === "add") return `set to ${JSON.stringify(after)}`;
  if (action === "remove") return `${JSON.stringify(before)} removed`;
  return `${JSON.stringify(before)} → ${JSON.stringify(after)}`;
}

const typeList = (t: unknown): string[] => (Array.isArray(t) ? t.map(String) : t === undefined ? [] : [String(t)]);

/** Whether the new `type` accepts every value the old one did (integer is a number). */
function typeWidened({ action, before, after }: Diff): boolean {
  if (action === "remove") return true;
  const now = new Set(typeList(after));
  return typeList(before).length > 0 && typeList(before).every((t) => now.has(t) || (t === "integer" && now.has("number")));
}

/** Whether a changed bound or restriction accepts every value the old one did. */
function loosens(key: string, { action, before, after }: Diff): boolean {
  if (action === "remove") return true;
  if (action === "add") return false;
  if (UPPER_BOUNDS.has(key)) return Number(after) >= Number(before);
  if (LOWER_BOUNDS.has(key)) return Number(after) <= Number(before);
  return false;
}
