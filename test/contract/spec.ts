/** The bundled, dereferenced spec, for tests that compare against its examples and statuses. */
import { loadSpec as bundleSpec, type Json } from "../../scripts/spec.js";

export type { Json };

let cached: Promise<Json> | undefined;

export function loadSpec(): Promise<Json> {
  cached ??= bundleSpec();
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
