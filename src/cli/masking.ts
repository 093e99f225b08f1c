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

/** A copy of `value` with each secret field, at any depth, masked. */
export function maskSecrets(value: unknown, names: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, names));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, names.has(key) && v !== "" && v !== null && v !== undefined ? MASK : maskSecrets(v, names)]),
  );
}
