/** The bundled, dereferenced spec, for tests that compare against its examples and statuses. */
import { fileURLToPath } from "node:url";
import { bundle, createConfig } from "@redocly/openapi-core";

export type Json = Record<string, any>;

let cached: Promise<Json> | undefined;

export function loadSpec(): Promise<Json> {
  cached ??= (async () => {
    const { bundle: document } = await bundle({
      ref: fileURLToPath(new URL("../../openapi/openapi.yaml", import.meta.url)),
      config: await createConfig({}),
      dereference: true,
    });
    return document.parsed as Json;
  })();
  return cached;
}

/** The operation object of `operationId`, with its path and method. */
export async function findOperation(operationId: string): Promise<{ path: string; method: string; op: Json }> {
  const spec = await loadSpec();
  for (const [path, item] of Object.entries<Json>(spec.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      if (op?.operationId === operationId) return { path, method, op };
    }
  }
  throw new Error(`no operation ${operationId} in the spec`);
}
