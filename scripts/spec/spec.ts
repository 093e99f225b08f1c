/**
 * The one model of the spec that every script and test reads: its path, the
 * spec bundled into one document with every $ref resolved (by Redocly, or by
 * hand keeping each object's file), and its operations with their parameters
 * merged and named, whether they answer JSON, and their routes.
 */
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle, createConfig } from "@redocly/openapi-core";
import { parse } from "yaml";

export type Json = Record<string, any>;

/** The spec's root file, as the repository names it: the one home of its path. */
export const SPEC_NAME = "openapi/openapi.yaml";
/** The spec's root file in the checkout (or the copy of one) at `root`. */
export const specFileIn = (root: string) => join(root, SPEC_NAME);
/** The spec's root file in this checkout. */
export const SPEC_FILE = specFileIn(fileURLToPath(new URL("../../", import.meta.url)));
export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

/** The spec at `ref` (default openapi/openapi.yaml) as one JSON document, `$ref`s resolved unless told; throws when it does not resolve. */
export async function loadSpec(ref: string = SPEC_FILE, { dereference = true } = {}): Promise<Json> {
  const { bundle: document, problems } = await bundle({ ref, config: await createConfig({}), dereference });
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length > 0) throw new Error(`${ref} does not resolve: ${errors.map((p) => p.message).join("; ")}`);
  return document.parsed as Json;
}

/** A parameter of an operation, as every script names it. */
export interface SpecParameter {
  /** Name in the client's flat params object: Thulium writes list parameters as `name[]`; callers pass them as `name`. */
  name: string;
  /** Name on the wire, as the spec writes it. */
  wireName: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  /** The parameter object itself, for its schema, description and examples. */
  spec: Json;
}

export interface SpecOperation {
  operationId: string;
  path: string;
  method: (typeof HTTP_METHODS)[number];
  /** The path item, for the schemas of its parameters that an operation overrides. */
  item: Json;
  op: Json;
  /** `METHOD /path`, for messages. */
  where: string;
  /** The path item's parameters and the operation's, merged as OpenAPI says: the operation's override the path item's with the same name and `in`. */
  parameters: SpecParameter[];
  /** The media object of each 2xx response that declares a JSON body (see `isJsonMediaType`), by status. */
  jsonResponses: Record<string, Json>;
  /** Whether a 2xx answer declares a JSON body. */
  returnsJson: boolean;
  /** Matches a request's path, relative to the server URL, that calls this operation: `{name}` is one non-empty segment; a trailing `/` is allowed. */
  route: RegExp;
}

/** Every operation of `spec`, in the spec's order; throws on one without an operationId. */
export function* specOperations(spec: Json): Generator<SpecOperation> {
  for (const [path, item] of Object.entries<Json>(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!op.operationId) throw new Error(`${where} has no operationId`);
      const jsonResponses: Record<string, Json> = {};
      for (const [status, response] of Object.entries<Json>(op.responses ?? {})) {
        const media = jsonMedia(response?.content);
        if (/^2\d\d$/.test(status) && media) jsonResponses[status] = media[1];
      }
      yield {
        operationId: op.operationId,
        path,
        method,
        item,
        op,
        where,
        parameters: mergeParameters(item.parameters, op.parameters).map(specParameter),
        jsonResponses,
        returnsJson: Object.keys(jsonResponses).length > 0,
        route: routePattern(path),
      };
    }
  }
}

function mergeParameters(pathLevel: Json[] = [], operationLevel: Json[] = []): Json[] {
  const key = (p: Json) => `${p.in}:${p.name}`;
  const own = new Set(operationLevel.map(key));
  return [...pathLevel.filter((p) => !own.has(key(p))), ...operationLevel];
}

function specParameter(p: Json): SpecParameter {
  return { name: String(p.name).replace(/\[\]$/, ""), wireName: String(p.name), in: p.in, required: p.required === true, spec: p };
}

/** The route of a path template, as a regular expression on a request's path. */
export function routePattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+");
  return new RegExp(`^${escaped}/?$`);
}

/**
 * Whether a media type is JSON: `application/json` or any type with the `+json`
 * suffix (RFC 6839), parameters such as `charset` aside.
 */
export function isJsonMediaType(type: string): boolean {
  const essence = (type.split(";")[0] ?? "").trim().toLowerCase();
  return essence === "application/json" || /^[^/\s]+\/[^/\s]+\+json$/.test(essence);
}

/** The first JSON media type of a `content` map and its media object; undefined when it has none. */
export function jsonMedia(content: Json | undefined): [type: string, media: Json] | undefined {
  return Object.entries<Json>(content ?? {}).find(([type]) => isJsonMediaType(type));
}

/** The value of the first of an `examples` map (parameter or media object) that has one. */
export function firstNamedExample(examples: Json | undefined): unknown {
  if (!examples || typeof examples !== "object") return undefined;
  for (const example of Object.values<Json>(examples)) if (example?.value !== undefined) return example.value;
  return undefined;
}

export interface SourcedSpec {
  /** The spec with every `$ref` resolved, as `loadSpec` gives it. */
  spec: Json;
  /** The YAML file each object of `spec` was written in, relative to the working directory when it is inside it. */
  fileOf: (node: object) => string;
}

/**
 * The spec read file by file, `$ref`s resolved by hand, so that each object
 * still knows the file it came from: generation names that file when a schema
 * uses a keyword the runtime does not check. A `$ref` may carry only the
 * `summary` and `description` that OpenAPI allows beside it.
 */
export async function loadSpecSources(ref: string = SPEC_FILE): Promise<SourcedSpec> {
  const documents = new Map<string, unknown>();
  const files = new WeakMap<object, string>();
  const shown = (file: string) => {
    const rel = relative(process.cwd(), file);
    return rel.startsWith("..") || isAbsolute(rel) ? file : rel;
  };
  const read = async (file: string) => {
    if (!documents.has(file)) documents.set(file, parse(await readFile(file, "utf8")));
    return documents.get(file);
  };
  const resolveNode = async (node: unknown, file: string, refs: readonly string[]): Promise<unknown> => {
    if (Array.isArray(node)) {
      const out: unknown[] = [];
      for (const item of node) out.push(await resolveNode(item, file, refs));
      return out;
    }
    if (node === null || typeof node !== "object") return node;
    const { $ref, ...rest } = node as Json;
    if (typeof $ref === "string") {
      const extra = Object.keys(rest).find((k) => k !== "summary" && k !== "description");
      if (extra) throw new Error(`${shown(file)}: "${extra}" beside $ref ${$ref} is not supported; put both in an allOf`);
      const [target = "", pointer = ""] = $ref.split("#");
      const targetFile = target ? resolve(dirname(file), decodeURI(target)) : file;
      const key = `${targetFile}#${pointer}`;
      if (refs.includes(key)) throw new Error(`${shown(file)}: $ref ${$ref} is circular, which the generator does not support`);
      let at: unknown = await read(targetFile).catch((err: Error) => {
        throw new Error(`${shown(file)}: $ref ${$ref} does not resolve: ${err.message}`);
      });
      for (const part of pointer.split("/").slice(1)) {
        const name = decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~");
        at = at !== null && typeof at === "object" ? (at as Json)[name] : undefined;
        if (at === undefined) throw new Error(`${shown(file)}: $ref ${$ref} does not resolve`);
      }
      return resolveNode(at, targetFile, [...refs, key]);
    }
    const out: Json = {};
    files.set(out, shown(file));
    for (const [k, v] of Object.entries(node)) out[k] = await resolveNode(v, file, refs);
    return out;
  };
  const file = resolve(ref);
  const spec = (await resolveNode(await read(file), file, [])) as Json;
  return { spec, fileOf: (node) => files.get(node) ?? shown(file) };
}
