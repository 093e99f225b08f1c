/**
 * Reading the spec, for the scripts and the tests: bundled into one document
 * with every $ref resolved (by Redocly, or by hand keeping each object's
 * file), and walked operation by operation.
 */
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle, createConfig } from "@redocly/openapi-core";
import { parse } from "yaml";

export type Json = Record<string, any>;

export const SPEC_FILE = fileURLToPath(new URL("../openapi/openapi.yaml", import.meta.url));
export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

/** The spec at `ref` (default openapi/openapi.yaml) as one JSON document, `$ref`s resolved unless told; throws when it does not resolve. */
export async function loadSpec(ref: string = SPEC_FILE, { dereference = true } = {}): Promise<Json> {
  const { bundle: document, problems } = await bundle({ ref, config: await createConfig({}), dereference });
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length > 0) throw new Error(`${ref} does not resolve: ${errors.map((p) => p.message).join("; ")}`);
  return document.parsed as Json;
}

export interface SpecOperation {
  path: string;
  method: (typeof HTTP_METHODS)[number];
  /** The path item, for parameters shared by its operations. */
  item: Json;
  op: Json;
  /** `METHOD /path`, for messages. */
  where: string;
}

/** Every operation of `spec`, in the spec's order; throws on one without an operationId. */
export function* specOperations(spec: Json): Generator<SpecOperation> {
  for (const [path, item] of Object.entries<Json>(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!op.operationId) throw new Error(`${where} has no operationId`);
      yield { path, method, item, op, where };
    }
  }
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
