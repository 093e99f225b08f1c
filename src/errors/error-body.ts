/**
 * Thulium's error bodies, `{"request_id": …, "errors": [{"message", "code"}]}`:
 * parsed, or, when only their head was read, salvaged field by field.
 */
import { jsonTextTooDeep } from "../check/json-depth.js";

/** One entry of Thulium's `errors` list. */
export interface ThuliumErrorItem {
  message: string;
  code: number;
}

/**
 * An error body as Thulium's `{request_id, errors}` when it is one: parsed, or,
 * when only its head was read (`cut`), salvaged field by field; else its text.
 */
export function parseErrorBody(text: string, cut: boolean): unknown {
  try {
    // Nested too deep to be Thulium's error JSON: kept as text, whose head the message shows.
    if (!jsonTextTooDeep(text)) return JSON.parse(text);
  } catch {
    // not JSON: salvaged or kept as text below
  }
  return (cut && salvage(text)) || text;
}

/** The request_id and errors of a Thulium error JSON cut off mid-way, read field by field. */
function salvage(head: string): { request_id?: string; errors: ThuliumErrorItem[] } | undefined {
  const id = /"request_id"\s*:\s*"((?:[^"\\]|\\.){1,200})"/.exec(head)?.[1];
  const errors: ThuliumErrorItem[] = [];
  for (const m of head.matchAll(/"message"\s*:\s*"((?:[^"\\]|\\.)*)(?:"[^}]*?"code"\s*:\s*(-?\d+))?/g)) {
    errors.push({ message: jsonString((m[1] as string).replace(/\\$/, "")), code: Number(m[2] ?? Number.NaN) });
  }
  if (id === undefined && errors.length === 0) return undefined;
  return id === undefined ? { errors } : { request_id: jsonString(id), errors };
}

function jsonString(inner: string): string {
  try {
    return JSON.parse(`"${inner}"`);
  } catch {
    return inner;
  }
}

/** Thulium's `request_id` in a parsed error body: the one place that finds it. */
export function findRequestId(body: unknown): string | undefined {
  const id = (body as { request_id?: unknown } | null)?.request_id;
  return typeof id === "string" && id !== "" ? id : undefined;
}
