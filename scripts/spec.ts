/**
 * Reading the spec, for the scripts and the tests: bundled into one document
 * with every $ref resolved, and walked operation by operation.
 */
import { fileURLToPath } from "node:url";
import { bundle, createConfig } from "@redocly/openapi-core";

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
