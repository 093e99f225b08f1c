/** HTTPie: query items as `name==value`, JSON body fields as `name=text` or `name:=json`. */
import { type SampleRequest, sampleUrl } from "./request.js";
import { shellLines, shellQuote } from "./shell.js";

export const lang = "Shell";
export const label = "HTTPie";

export function render(request: SampleRequest): string {
  const lines = [`http -a "$THULIUM_USER:$THULIUM_PASSWORD" ${request.method} ${shellQuote(sampleUrl({ ...request, queryParams: [] }))}`];
  for (const p of request.queryParams) {
    for (const value of Array.isArray(p.value) ? p.value : [p.value]) lines.push(shellQuote(`${p.wireName}==${String(value)}`));
  }
  lines.push("Accept:application/json");
  for (const [name, value] of Object.entries(request.body ?? {})) {
    lines.push(shellQuote(typeof value === "string" ? `${escapeKey(name)}=${value}` : `${escapeKey(name)}:=${JSON.stringify(value)}`));
  }
  return shellLines(lines);
}

/** In a body field's key HTTPie reads `[`, `]` and separators as syntax; a backslash makes them literal. (Query keys are taken as they are.) */
function escapeKey(key: string): string {
  return key.replace(/[[\]\\=:@]/g, (c) => `\\${c}`);
}
