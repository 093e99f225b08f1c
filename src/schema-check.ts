// TEMPORARY shim until the validation branch lands.
import type { SchemaSpec } from "./generated/operations.js";
import { check } from "./params.js";

export function checkSchema(value: unknown, schema: SchemaSpec): string | undefined {
  return check(value, schema);
}
