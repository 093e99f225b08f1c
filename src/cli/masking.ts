/**
 * Secrets in what the CLI prints. A field named like a parameter the spec
 * marks `format: password` (a webhook subscription's `http_auth_password`,
 * which Thulium answers in clear) is printed as `****`, unless
 * `--show-secrets` is given. An empty one stays empty: it says no password
 * is set, which is no secret.
 */
import type { OperationSpec } from "../operations/table.js";
import { isSecret } from "./commands.js";

export const MASK = "****";

/** The names of every secret parameter of `operations`. */
export function secretNames(operations: Readonly<Record<string, OperationSpec>>): ReadonlySet<string> {
  return new Set(Object.values(operations).flatMap((op) => op.parameters.filter(isSecret).map((p) => p.name)));
}

/** `value` with each secret field, at any depth, masked: a copy where there is one, else `value` itself (a wide answer is not copied for nothing). */
export function maskSecrets(value: unknown, names: ReadonlySet<string>): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const masked = maskSecrets(value[i], names);
      if (masked !== value[i]) (copy ??= [...value])[i] = masked;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    const masked = names.has(key) && v !== "" && v !== null && v !== undefined ? MASK : maskSecrets(v, names);
    // Defined, not assigned: a key such as `__proto__` (JSON.parse makes it an own field) stays a field.
    if (masked !== v) Object.defineProperty((copy ??= { ...value }), key, { value: masked, enumerable: true, writable: true, configurable: true });
  }
  return copy ?? value;
}
