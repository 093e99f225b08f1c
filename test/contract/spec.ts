/** The bundled, dereferenced spec, for tests that compare against its examples and statuses. */
import { loadSpec as bundleSpec, type Json, specOperations } from "../../scripts/spec/spec.js";

export type { Json };

let cached: Promise<Json> | undefined;

export function loadSpec(): Promise<Json> {
  cached ??= bundleSpec();
  return cached;
}

/** The operation object of `operationId`, with its path and method. */
export async function findOperation(operationId: string): Promise<{ path: string; method: string; op: Json }> {
  const spec = await loadSpec();
  for (const { operationId: id, path, method, op } of specOperations(spec)) if (id === operationId) return { path, method, op };
  throw new Error(`no operation ${operationId} in the spec`);
}
